import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/content-hash';
import type { Mutant, MutantOutcome } from '../core/mutant';
import type { KilledMutant, Verdict } from '../core/verdict';
import type { CandidateFile, VerifyRequest } from '../core/verification';
import { languageOf, type SourceParser } from '../understand/source-parser';
import { readCached, writeCached } from './cache-files';
import { engineVersion } from './engine-version';
import type { TestMutation } from './jest-run';
import { LoadGraph, registryDependencies } from './load-graph';
import { toKilled } from './mutation/kills';

/**
 * A mutant by its file and its place among that file's mutants. Ids are numbered across all the
 * code, so they shift when another file changes; a file's own mutants, of the same text, are the
 * same in every verification.
 */
type MutantRef = [file: string, index: number];

interface CachedTest {
  /** The verdict as the gates before added value left it, with no mutant ids. */
  verdict: Verdict;
  killed: [MutantRef, KilledMutant['by']][];
  reached: MutantRef[];
  mutation: {
    covered: MutantRef[];
    outcomes: [MutantRef, MutantOutcome][];
    impossible?: MutantRef[];
    asked?: true;
    unrepeatable?: string;
  } | null;
}

interface CachedCandidate {
  engine: string;
  tests: CachedTest[];
}

/** A test's verdict and mutation results, as an earlier verification of the same inputs found them. */
export interface ReusedTest {
  verdict: Verdict;
  mutation: TestMutation | null;
}

/** Files that configure every run (a runner's or a build tool's config, setup files, manual mocks). */
const RUN_CONFIG =
  /(?:^|\/)(?:[^/]*\.config\.[cm]?[jt]s|[^/]*setup[^/]*\.[cm]?[jt]sx?|__mocks__\/.+)$/i;

/**
 * The verdicts of candidate files, kept in the data directory by what decides them: the
 * candidate's text, focus and survivors; the content of every repository file its run can load
 * (the load graph from the test file and from the run's config and setup files, plus every file
 * that is not code: manifests, tsconfig, declarations, fixtures, docs); the install's key; the
 * runner's limits and sandbox; and the engine's build. A test file whose load graph is open (a
 * computed module name, fs, a package that is not a registry dependency) is keyed by every file.
 *
 * What is kept is each test's verdict as the gates up to the mutation gate left it, and its
 * mutation results by file-local mutant; the added-value gate, which reads the repository's
 * suite (cached per file on its own), judges reused tests again in every verification.
 */
export class VerdictCache {
  private readonly texts = new Map<string, string>();
  private readonly hashes = new Map<string, string>();
  private readonly graph: LoadGraph;
  private readonly configRoots: string[];
  private readonly common: string;

  constructor(
    private readonly request: VerifyRequest,
    private readonly dir: string,
    dependencyKey: string,
    sandbox: string,
    parser: SourceParser,
  ) {
    for (const c of request.candidates) if (c.text !== null) this.texts.set(c.file, c.text);
    const files = new Set([...request.files, ...this.texts.keys()]);
    const tests = new Set(request.existingTests);
    this.configRoots = request.files.filter((f) => RUN_CONFIG.test(f) && !tests.has(f));
    const manifests = ['package.json', path.posix.join(request.package ?? '', 'package.json')];
    this.graph = new LoadGraph(
      files,
      (f) => this.textOf(f),
      parser,
      registryDependencies(manifests.map((m) => this.textOf(m))),
    );
    this.common = JSON.stringify([
      engineVersion(),
      sandbox,
      dependencyKey,
      request.limits ?? {},
      request.package ?? null,
      request.packageName,
    ]);
  }

  async read(
    candidate: CandidateFile,
    mutants: () => Promise<Mutant[]>,
  ): Promise<ReusedTest[] | null> {
    const entry = await readCached<CachedCandidate>(this.entryFile(candidate), engineVersion());
    if (!entry) return null;
    const needsIds = entry.tests.some((t) => t.mutation || t.reached.length || t.killed.length);
    const ids = needsIds ? idsOf(await mutants()) : new Map<string, Mutant>();
    const byRef = (ref: MutantRef): Mutant => {
      const mutant = ids.get(refKey(ref));
      if (!mutant) throw new StaleEntry();
      return mutant;
    };
    try {
      return entry.tests.map((t) => ({
        verdict: {
          ...t.verdict,
          candidateId: candidate.candidateId,
          target: candidate.target,
          origin: candidate.origin,
          reused: true,
          killedMutants: t.killed.map(([ref, by]) => toKilled(byRef(ref), by)),
          reachedMutants: t.reached.map((ref) => byRef(ref).id),
        },
        mutation: t.mutation && {
          covered: t.mutation.covered.map((ref) => byRef(ref).id),
          outcomes: new Map(t.mutation.outcomes.map(([ref, o]) => [byRef(ref).id, o])),
          ...(t.mutation.impossible
            ? { impossible: t.mutation.impossible.map((ref) => byRef(ref).id) }
            : {}),
          ...(t.mutation.asked ? { asked: true as const } : {}),
          ...(t.mutation.unrepeatable ? { unrepeatable: t.mutation.unrepeatable } : {}),
        },
      }));
    } catch (error) {
      if (error instanceof StaleEntry) return null;
      throw error;
    }
  }

  /**
   * Keeps a candidate file's tests; `mutants` numbers the ids their results name. Results that
   * name a mutant the verification never made (records a test forged) are not kept.
   */
  async write(
    candidate: CandidateFile,
    tests: ReusedTest[],
    mutants: readonly Mutant[],
  ): Promise<void> {
    const refs = refsOf(mutants);
    const named = tests.flatMap(({ verdict, mutation }) => [
      ...verdict.killedMutants.map((k) => k.id),
      ...verdict.reachedMutants,
      ...(mutation
        ? [...mutation.covered, ...mutation.outcomes.keys(), ...(mutation.impossible ?? [])]
        : []),
    ]);
    if (named.some((id) => !refs.has(id))) return;
    const ref = (id: number): MutantRef => refs.get(id)!;
    const entry: CachedCandidate = {
      engine: engineVersion(),
      tests: tests.map(({ verdict, mutation }) => ({
        verdict: { ...verdict, killedMutants: [], reachedMutants: [] },
        killed: verdict.killedMutants.map((k) => [ref(k.id), k.by]),
        reached: verdict.reachedMutants.map(ref),
        mutation: mutation && {
          covered: mutation.covered.map(ref),
          outcomes: [...mutation.outcomes].map(([id, o]) => [ref(id), o]),
          ...(mutation.impossible ? { impossible: mutation.impossible.map(ref) } : {}),
          ...(mutation.asked ? { asked: true as const } : {}),
          ...(mutation.unrepeatable ? { unrepeatable: mutation.unrepeatable } : {}),
        },
      })),
    };
    await writeCached(this.entryFile(candidate), entry);
  }

  private entryFile(candidate: CandidateFile): string {
    const reach = this.graph.from([candidate.file, ...this.configRoots]);
    const keyed = reach
      ? [...new Set([...reach, ...this.request.files.filter((f) => languageOf(f) === null)])]
      : [...new Set([...this.request.files, ...this.texts.keys()])];
    const files = keyed.sort().map((f) => `${f}:${this.hashOf(f)}`);
    const key = contentHash(
      [
        this.common,
        JSON.stringify([
          candidate.file,
          candidate.text,
          candidate.focus,
          candidate.survivors ?? [],
        ]),
        ...files,
      ].join('\u0000'),
      32,
    );
    return path.join(this.dir, `${key}.json`);
  }

  private textOf(file: string): string | null {
    const given = this.texts.get(file);
    if (given !== undefined) return given;
    try {
      return readFileSync(path.join(this.request.root, file), 'utf8');
    } catch {
      return null;
    }
  }

  private hashOf(file: string): string {
    let hash = this.hashes.get(file);
    if (hash === undefined)
      this.hashes.set(file, (hash = contentHash(this.textOf(file) ?? '', 32)));
    return hash;
  }
}

class StaleEntry extends Error {}

const refKey = ([file, index]: MutantRef) => `${file}\u0000${index}`;

function refsOf(mutants: readonly Mutant[]): Map<number, MutantRef> {
  const first = new Map<string, number>();
  const refs = new Map<number, MutantRef>();
  for (const m of mutants) {
    if (!first.has(m.file)) first.set(m.file, m.id);
    refs.set(m.id, [m.file, m.id - first.get(m.file)!]);
  }
  return refs;
}

function idsOf(mutants: readonly Mutant[]): Map<string, Mutant> {
  const refs = refsOf(mutants);
  return new Map(mutants.map((m) => [refKey(refs.get(m.id)!), m]));
}
