import type { Origin } from './origin';

/** The gates of the runner, in the order they judge a test. */
export const GATES = [
  'static',
  'compile',
  'pass',
  'stable',
  'hollow',
  'mutation',
  'added-value',
] as const;
export type Gate = (typeof GATES)[number];

/**
 * A mutant that a test killed: where it was, what the mutator wrote, and how the test noticed
 * it. Every way makes the test go red, so every way counts toward the mutation score; only a
 * kill by a failed assertion shows that the test checks what the code computes (see
 * creditsTest): `assertion`, one that compares with what the code should compute, or the
 * assertion on a call the mutant made throw; `presence`, one that checks only that a value is
 * there (toBeDefined); `error`, the code threw outside any assertion; `timeout`.
 */
export interface KilledMutant {
  by: 'assertion' | 'presence' | 'error' | 'timeout';
  /** The mutant's number within its verification. */
  id: number;
  file: string;
  line: number;
  mutator: string;
  replacement: string;
}

/** The candidate a test came from, as the pipeline labelled it; the runner only echoes it. */
export interface CandidateRef {
  candidateId: string;
  /** The target's id; null for a test file handed to `attest verify`, which names no target. */
  target: string | null;
  origin: Origin;
}

interface VerdictBase extends CandidateRef {
  /** The test file, relative to the repository. */
  file: string;
  /** The test's name with its describe path, joined by ' > '. */
  name: string;
  assertionCount: number;
  killedMutants: KilledMutant[];
  /** Ids of the mutants whose code the test's run reached (none before the mutation gate). */
  reachedMutants: number[];
  durationMs: number;
  /**
   * Set when the runner reused the verdict from an earlier verification of the same inputs
   * (verdict-cache.ts): only the added-value gate judged the test again.
   */
  reused?: true;
}

/**
 * The decision on one test: accepted, rejected by the first gate that failed it, or (set by the
 * pipeline, never by the runner) a requirement conflict: a test of a stated example that fails
 * on the code, because the docs or the code is wrong.
 */
export type Verdict =
  | (VerdictBase & { status: 'accepted'; gate: null; reasons: [] })
  | (VerdictBase & { status: 'rejected' | 'conflict'; gate: Gate; reasons: string[] });
