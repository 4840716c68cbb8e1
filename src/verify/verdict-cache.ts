import path from 'node:path';
import { contentHash } from '../core/content-hash';
import type { Mutant, MutantOutcome } from '../core/mutant';
import type { KilledMutant, Verdict } from '../core/verdict';
import type { CandidateFile, VerifyRequest } from '../core/verification';
import type { SourceParser } from '../understand/source-parser';
import { readCached, writeCached } from './cache-files';
import { engineVersion } from './engine-version';
import type { TestMutation } from './jest-run';
import { MutantRefs, UnknownMutant, type MutantRef } from './mutant-refs';
import { toKilled } from './mutation/kills';
import { RunInputs } from './run-inputs';

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

/**
 * The verdicts of candidate files, kept in the data directory by what decides them: the
 * candidate's text, focus and survivors; every repository file its run can read (RunInputs:
 * its load graph and every file that is not code); the install's key; the runner's limits and
 * sandbox; and the engine's build.
 *
 * What is kept is each test's verdict as the gates up to the mutation gate left it, and its
 * mutation results by file-local mutant (MutantRef); the added-value gate, which reads the
 * repository's suite (cached per file on its own), judges reused tests again in every
 * verification.
 */
export class VerdictCache {
  private readonly inputs: RunInputs;
  private readonly common: string;

  constructor(
    request: VerifyRequest,
    private readonly dir: string,
    dependencyKey: string,
    sandbox: string,
    parser: SourceParser,
  ) {
    const texts = new Map(
      request.candidates.flatMap((c) => (c.text === null ? [] : [[c.file, c.text] as const])),
    );
    this.inputs = new RunInputs(request, request.existingTests, texts, parser);
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
    const refs = new MutantRefs(needsIds ? await mutants() : []);
    try {
      return entry.tests.map((t) => ({
        verdict: {
          ...t.verdict,
          candidateId: candidate.candidateId,
          target: candidate.target,
          origin: candidate.origin,
          reused: true,
          killedMutants: t.killed.map(([ref, by]) => toKilled(refs.mutant(ref), by)),
          reachedMutants: t.reached.map((ref) => refs.id(ref)),
        },
        mutation: t.mutation && {
          covered: t.mutation.covered.map((ref) => refs.id(ref)),
          outcomes: new Map(t.mutation.outcomes.map(([ref, o]) => [refs.id(ref), o])),
          ...(t.mutation.impossible
            ? { impossible: t.mutation.impossible.map((ref) => refs.id(ref)) }
            : {}),
          ...(t.mutation.asked ? { asked: true as const } : {}),
          ...(t.mutation.unrepeatable ? { unrepeatable: t.mutation.unrepeatable } : {}),
        },
      }));
    } catch (error) {
      if (error instanceof UnknownMutant) return null;
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
    const refs = new MutantRefs(mutants);
    const named = tests.flatMap(({ verdict, mutation }) => [
      ...verdict.killedMutants.map((k) => k.id),
      ...verdict.reachedMutants,
      ...(mutation
        ? [...mutation.covered, ...mutation.outcomes.keys(), ...(mutation.impossible ?? [])]
        : []),
    ]);
    if (!refs.knows(named)) return;
    const ref = (id: number) => refs.ref(id);
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
    const key = contentHash(
      [
        this.common,
        JSON.stringify([
          candidate.file,
          candidate.text,
          candidate.focus,
          candidate.survivors ?? [],
        ]),
        this.inputs.keyOf(candidate.file),
      ].join('\u0000'),
      32,
    );
    return path.join(this.dir, `${key}.json`);
  }
}
