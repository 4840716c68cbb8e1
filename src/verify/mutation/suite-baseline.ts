import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeRange, MutantOutcome } from '../../core/mutant';
import { contentHash } from '../../core/content-hash';
import { snapshotHash } from '../snapshot-hash';
import type { VerifyRequest } from '../../core/verification';
import { runInBatches } from '../candidate-runs';
import type { MutationResults } from '../jest-run';
import { TestMap } from '../../core/test-map';
import type { MutatedCopy, SuiteBaseline, SuiteFailure } from '../verification-context';
import { detected } from './kills';
import { inFocus, tryStaticMutants } from './static-mutants';

/**
 * Bump when the instrumenter or the protocol changes what a cached result means: mutant ids
 * and outcomes from another engine are not ours.
 */
const ENGINE = 'attest-mutation-5';

/** Spec files per Jest process when the repository's suite runs: a few seconds each. */
const SUITE_BATCH = 40;

/** A suite's results as the cache keeps them: JSON, one file per snapshot and lock. */
interface CachedSuite {
  engine: string;
  tests: {
    file: string;
    name: string;
    covered: number[];
    outcomes: [number, MutantOutcome][];
    unrepeatable?: string;
  }[];
  loaded: [string, number[]][];
  /** The static mutants already tried on a fresh load; a later focus tries only the rest. */
  staticTried: number[];
  unloadable: SuiteFailure[];
  runMs: number;
}

/**
 * The existing suite's mutation results depend only on the snapshot's code, its tests and its
 * locked dependencies, so they are computed once and kept in the data directory: the next
 * batch, tier, repair round and job on the same commit reuse them, as Stryker's incremental
 * mode does. Static mutants, which cost a fresh load each, are tried as foci ask for them.
 */
export async function suiteBaseline(
  request: VerifyRequest,
  copy: MutatedCopy,
  dependencyKey: string,
  cacheDir: string | null,
  onProgress: (message: string) => void = () => {},
): Promise<SuiteBaseline> {
  const file = cacheDir
    ? path.join(cacheDir, 'suites', `${await suiteKey(request, dependencyKey)}.json`)
    : null;
  const cached = file ? await readCache(file) : null;
  let results: MutationResults;
  let loaded: Map<string, number[]>;
  let unloadable: SuiteFailure[];
  let runMs: number;
  const tried = new Set(cached?.staticTried ?? []);
  if (cached) {
    results = new TestMap();
    for (const t of cached.tests)
      results.set(t, {
        covered: t.covered,
        outcomes: new Map(t.outcomes),
        ...(t.unrepeatable ? { unrepeatable: t.unrepeatable } : {}),
      });
    loaded = new Map(cached.loaded);
    unloadable = cached.unloadable;
    runMs = cached.runMs;
  } else {
    const started = Date.now();
    const run = await runInBatches(
      request.existingTests,
      { ...copy.options, ownSuite: true },
      SUITE_BATCH,
      Math.min(2, os.availableParallelism()),
      (run) =>
        onProgress(
          `the repository's suite: ${run} of ${request.existingTests.length} test files run with the mutants`,
        ),
    );
    results = run.mutation;
    loaded = run.loaded;
    unloadable = [...run.byFile].flatMap(([file, r]) =>
      r.status === 'failed' ? [{ file, reason: r.reason }] : [],
    );
    runMs = Date.now() - started;
  }
  const focus = unionFocus(request);
  const eligible = inFocus(copy.byId, focus);
  const newlyTried = await tryStaticMutants(
    results,
    loaded,
    () => (id) => eligible(id) && !tried.has(id),
    copy.workspace,
    copy.options,
  );
  newlyTried.forEach((id) => tried.add(id));
  if (file && (!cached || newlyTried.length > 0))
    await writeCache(file, {
      engine: ENGINE,
      ...serialize(results, loaded),
      staticTried: [...tried],
      unloadable,
      runMs,
    });
  const baseline: SuiteBaseline = {
    killed: new Set(),
    covered: new Set(),
    cache: file === null ? 'off' : cached ? 'hit' : 'miss',
    files: request.existingTests.length,
    unloadable,
    runMs,
  };
  for (const result of results.values()) {
    for (const id of result.covered) baseline.covered.add(id);
    for (const [id] of detected(result)) baseline.killed.add(id);
  }
  return baseline;
}

/** The static mutants worth a fresh load: inside any candidate's focus, or anywhere if one has none. */
function unionFocus(request: VerifyRequest): CodeRange[] | null {
  if (request.candidates.some((c) => c.focus === null)) return null;
  return request.candidates.flatMap((c) => c.focus ?? []);
}

/** The snapshot's code and its suite by content, and what its dependencies were installed from. */
/**
 * Every file of the snapshot shapes the suite's results (its fixtures, its config, its setup
 * files), so all of them key the cache, with the install and the limits: a result is reused
 * only for the same files.
 */
async function suiteKey(request: VerifyRequest, dependencyKey: string): Promise<string> {
  const files = [...request.files, ...request.codeFiles, ...request.existingTests];
  const parts = [ENGINE, dependencyKey, JSON.stringify(request.limits ?? {})];
  parts.push(
    [...new Set(files)].join('\u0001'),
    await snapshotHash(request.root, [...new Set(files)]),
  );
  return contentHash(parts.join('\u0000'), 32);
}

async function readCache(file: string): Promise<CachedSuite | null> {
  if (!existsSync(file)) return null;
  const data = JSON.parse(await fs.readFile(file, 'utf8')) as CachedSuite;
  return data.engine === ENGINE ? data : null;
}

/** Written beside and renamed, so that a reader never sees half a file. */
async function writeCache(file: string, data: CachedSuite): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${Date.now()}`;
  await fs.writeFile(temporary, JSON.stringify(data));
  await fs.rename(temporary, file);
}

function serialize(
  results: MutationResults,
  loaded: Map<string, number[]>,
): Pick<CachedSuite, 'tests' | 'loaded'> {
  return {
    tests: [...results.entries()].map(([test, r]) => ({
      ...test,
      covered: r.covered,
      outcomes: [...r.outcomes],
      ...(r.unrepeatable ? { unrepeatable: r.unrepeatable } : {}),
    })),
    loaded: [...loaded],
  };
}
