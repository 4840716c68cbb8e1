import os from 'node:os';
import path from 'node:path';
import type { CodeRange, MutantOutcome } from '../../core/mutant';
import { contentHash } from '../../core/content-hash';
import { readCached, writeCached } from '../cache-files';
import { engineVersion } from '../engine-version';
import { MutantRefs, UnknownMutant, type MutantRef } from '../mutant-refs';
import { RunInputs } from '../run-inputs';
import { SourceParser } from '../../understand/source-parser';
import type { VerifyRequest } from '../../core/verification';
import { runInBatches, type CandidateRuns } from '../candidate-runs';
import type { MutationResults } from '../jest-run';
import { TestMap } from '../../core/test-map';
import type { MutatedCopy, SuiteBaseline } from '../verification-context';
import { inFocus, tryStaticMutants } from './static-mutants';
import { SuiteResults, type CachedSuiteFile, type SuiteEntryOf } from './suite-results';
import type { RunnerStep } from '../../core/verification';

/**
 * Bump when the instrumenter or the protocol changes what a cached result means: mutant ids
 * and outcomes from another engine are not ours.
 */
export const ENGINE = 'attest-mutation-9';

/** Spec files per Jest process when the repository's suite runs: a few seconds each. */
const SUITE_BATCH = 40;

/**
 * The existing suite's mutation results depend only on the snapshot's code, its tests and its
 * locked dependencies, so they are kept per test file in the data directory, keyed by the
 * content of every file its run can read (entryFiles) and the install's: the next batch, tier,
 * repair round and job reuse them, and a job after a change runs only the suite files that can
 * load what changed (as Stryker's incremental mode does). Static mutants, which cost a fresh load each, are tried as
 * foci ask for them.
 */
export async function suiteBaseline(
  request: VerifyRequest,
  copy: MutatedCopy,
  dependencyKey: string,
  cacheDir: string | null,
  onProgress: (step: RunnerStep) => void = () => {},
  /** The mutants the candidates' runs reached: the added-value gate compares their kills. */
  reached: ReadonlySet<number> = new Set(),
): Promise<SuiteBaseline> {
  const files = request.existingTests;
  // The suite is asked only about the mutants that matter to this verification: those in the
  // candidates' focus (the targeted code, whose survivors the report lists) and those their
  // runs reached. A diff job's suite tries the changed code's mutants, not the repository's;
  // a later, wider verification tries the rest of a reused file's (untried, below).
  const eligible = inFocus(copy.byId, unionFocus(request));
  const inScope = (id: number) => eligible(id) || reached.has(id);
  const entries = cacheDir ? entryFiles(request, dependencyKey, cacheDir) : null;
  const refs = new MutantRefs(copy.mutants);
  const known = new SuiteResults();
  const reused = new Set<string>();
  for (const file of files) {
    const entry = entries ? await readEntry(entries.get(file)!, refs) : null;
    if (!entry) continue;
    known.restore(file, entry);
    reused.add(file);
  }
  const changed = new Set(files.filter((f) => !reused.has(f)));
  const started = Date.now();
  if (changed.size > 0) {
    // A mutant a reused file already kills needs no other test: the new files skip it.
    const killed = known.killed();
    const run = await runSuite(
      [...changed],
      copy,
      copy.mutants.map((m) => m.id).filter((id) => !killed.has(id) && inScope(id)),
      (n) =>
        onProgress({
          message: `the repository's suite: ${n} of ${changed.size} test files run with the mutants${reused.size ? ` (${reused.size} reused)` : ''}`,
          done: n,
          total: changed.size,
        }),
    );
    known.absorb(run);
  }
  const untried = new Map(
    [...known.untried(changed)]
      .map(([file, ids]) => [file, new Set([...ids].filter(inScope))] as const)
      .filter(([, ids]) => ids.size > 0),
  );
  if (untried.size > 0) {
    const ids = new Set([...untried.values()].flatMap((set) => [...set]));
    known.absorbMore(await runSuite([...untried.keys()], copy, [...ids], () => {}));
    for (const file of untried.keys()) changed.add(file);
  }
  const staticStarted = Date.now();
  // The suite asks only whether a mutant is noticed: one it already kills needs no fresh load.
  const killed = known.killed();
  const newlyTried = await tryStaticMutants(
    known.tests,
    known.loaded,
    (file) => (id) => eligible(id) && !killed.has(id) && !known.staticTriedIn(file).has(id),
    copy.workspace,
    // The repository's vitest runs the suite's files themselves (Jest runs wrappers of them).
    copy.options.runner === 'vitest'
      ? {
          ...copy.options,
          ownSuite: true as const,
          mutation: { ...copy.options.mutation, firstKill: true as const },
        }
      : copy.options,
  );
  const staticMs = newlyTried.length > 0 ? Date.now() - staticStarted : 0;
  const runMs = (changed.size > 0 ? staticStarted - started : 0) + staticMs;
  if (newlyTried.length > 0) {
    known.markStaticTried(files, newlyTried);
    for (const file of files) changed.add(file);
  }
  if (entries)
    for (const file of changed)
      await writeEntry(entries.get(file)!, known.entry(file, ENGINE), refs);
  const suite = known.suiteFiles(files);
  const baseline: SuiteBaseline = {
    killed: known.killed(),
    covered: new Set(),
    cache: entries === null ? 'off' : reused.size === files.length ? 'hit' : 'miss',
    files: suite.length,
    reused: suite.filter((f) => reused.has(f)).length,
    unloadable: known.unloadable(files),
    runMs,
    staticMs,
  };
  for (const result of known.tests.values())
    for (const id of result.covered) baseline.covered.add(id);
  return baseline;
}

/**
 * The suite's files with the mutants, in batches of files, `parallel` processes at a time. A
 * suite of one batch would leave the other cores idle, and the repository's vitest would run a
 * mutant once per batch that reaches it, so their mutants are dealt out instead: each process
 * runs every file once as it is (which test reaches which mutant), then its share of the
 * mutants, as Stryker's workers share them. Each mutant's run stops at the first test
 * that notices it: the baseline asks whether the suite kills a mutant, not which tests do.
 */
async function runSuite(
  files: string[],
  copy: MutatedCopy,
  only: number[],
  onBatch: (filesRun: number) => void,
): Promise<CandidateRuns> {
  const parallel = Math.min(2, os.availableParallelism());
  const options = {
    ...copy.options,
    // A run's limit guards against a hang; each mutant has its own. A batch of the suite tries
    // every mutant its files reach, so its limit grows with them (a run of a candidate's size
    // for each hundred), rather than splitting a batch that is only long.
    timeoutMs: copy.options.timeoutMs * Math.max(1, Math.ceil(only.length / 100)),
    ownSuite: true as const,
    mutation: { ...copy.options.mutation, firstKill: true as const, only },
  };
  // The repository's vitest loads, for each mutant, only the files that reach it: its suite
  // is one batch, however large, since batches of files would each run the mutants their files
  // share. Jest replays the mutants inside a batch's process, so a large suite is split.
  const batch = copy.options.runner === 'vitest' ? Math.max(1, files.length) : SUITE_BATCH;
  const shards = files.length <= batch ? Math.min(parallel, only.length) : 1;
  if (shards <= 1) {
    // A batch that starts after another has ended skips the mutants that one killed.
    const earlier = new SuiteResults();
    return runInBatches(
      files,
      () => {
        const known = earlier.killed();
        return {
          ...options,
          mutation: { ...options.mutation, only: only.filter((id) => !known.has(id)) },
        };
      },
      batch,
      parallel,
      (n, run) => {
        earlier.absorb(run);
        onBatch(n);
      },
    );
  }
  const runs = await Promise.all(
    Array.from({ length: shards }, (_, k) =>
      runInBatches(
        files,
        {
          ...options,
          mutation: { ...options.mutation, only: only.filter((_, i) => i % shards === k) },
        },
        batch,
        1,
      ),
    ),
  );
  onBatch(files.length);
  return mergeShards(runs);
}

/** The shards' runs as one: the same files and tests, each test's outcomes from every shard. */
function mergeShards([first, ...rest]: CandidateRuns[]): CandidateRuns {
  const mutation: MutationResults = new TestMap();
  for (const run of [first!, ...rest])
    for (const [test, result] of run.mutation.entries()) {
      const known = mutation.get(test);
      if (!known) mutation.set(test, { ...result, outcomes: new Map(result.outcomes) });
      else {
        for (const [id, outcome] of result.outcomes) known.outcomes.set(id, outcome);
        if (result.unrepeatable && !known.unrepeatable) known.unrepeatable = result.unrepeatable;
      }
    }
  return { ...first!, mutation };
}

/**
 * The static mutants worth a fresh load: inside any candidate's focus, or anywhere if one has
 * none, or if there is no candidate (`attest suite`: the suite with the mutants of all the code).
 */
function unionFocus(request: VerifyRequest): CodeRange[] | null {
  if (request.candidates.length === 0 || request.candidates.some((c) => c.focus === null))
    return null;
  return request.candidates.flatMap((c) => c.focus ?? []);
}

/**
 * Where each suite file's results are kept: keyed by every file its run can read (RunInputs:
 * its load graph from the test file and the run's config, and every file that is not code),
 * the install, the limits and the engine's build, so that a change to one module re-runs only
 * the suite files that can load it.
 */
function entryFiles(
  request: VerifyRequest,
  dependencyKey: string,
  cacheDir: string,
): Map<string, string> {
  const texts = new Map(
    request.candidates.flatMap((c) => (c.text === null ? [] : [[c.file, c.text] as const])),
  );
  const inputs = new RunInputs(request, request.existingTests, texts, new SourceParser());
  const shared = [ENGINE, engineVersion(), dependencyKey, JSON.stringify(request.limits ?? {})];
  const entries = new Map<string, string>();
  for (const file of request.existingTests) {
    const key = contentHash([...shared, file, inputs.keyOf(file)].join('\u0000'), 32);
    entries.set(file, path.join(cacheDir, 'suites', `${key}.json`));
  }
  return entries;
}

/** The same entry, each mutant named the other way. */
function renamed<A, B>(entry: SuiteEntryOf<A>, name: (mutant: A) => B): SuiteEntryOf<B> {
  return {
    ...entry,
    tests: entry.tests.map((t) => ({
      ...t,
      covered: t.covered.map(name),
      outcomes: t.outcomes.map(([m, o]): [B, MutantOutcome] => [name(m), o]),
    })),
    loaded: entry.loaded && entry.loaded.map(name),
    staticTried: entry.staticTried.map(name),
  };
}

/** A file's entry in this verification's mutant ids; null when there is none or it names mutants this one lacks. */
async function readEntry(file: string, refs: MutantRefs): Promise<CachedSuiteFile | null> {
  const entry = await readCached<SuiteEntryOf<MutantRef>>(file, ENGINE);
  try {
    return entry && renamed(entry, (ref) => refs.id(ref));
  } catch (error) {
    if (error instanceof UnknownMutant) return null;
    throw error;
  }
}

/** Keeps a file's entry, unless it names a mutant the verification never made (a forged record). */
async function writeEntry(file: string, entry: CachedSuiteFile, refs: MutantRefs): Promise<void> {
  let data: SuiteEntryOf<MutantRef>;
  try {
    data = renamed(entry, (id) => refs.ref(id));
  } catch (error) {
    if (error instanceof UnknownMutant) return;
    throw error;
  }
  await writeCached(file, data);
}
