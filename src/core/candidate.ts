import type { Origin } from './origin';

/** Tokens and money one model call, or a tier's calls together, cost. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

/** Adds usages together. */
export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/** One call of a model, accounted: what it cost and what the runner made of its tests. */
export interface ModelCall {
  origin: Origin;
  targetId: string;
  round: number;
  /** The survivor round the call belongs to (1 for the first); unset for the first pass. */
  survivorRound?: number;
  usage: Usage;
  outcome: 'judged' | 'unusable';
  accepted: number;
  rejected: number;
  reason: string | null;
}

/** One test of a candidate file, and the requirements it says it checks. */
export interface CandidateTest {
  /** Describe path and title, joined by ' > ', as the runner names it. */
  name: string;
  requirementIds: string[];
}

/** A generated test file for one target, from one tier, before the runner has judged it. */
export interface Candidate {
  /** Unique within a job: the verdicts of its tests carry it. */
  id: string;
  targetId: string;
  origin: Origin;
  /** Repair round within its tier: 0 for the first answer. */
  round: number;
  /**
   * Set on a candidate of a survivor round: the round (1 for the first) and the mutants of its
   * target that the accepted tests left alive, which its prompt named. The runner accepts a test
   * of it only if the test kills one of them by a failed assertion.
   */
  survivorRound?: number;
  survivors?: number[];
  /** Relative to the repository root; unique per tier and round, so each judged file is its own. */
  file: string;
  /** Where its accepted tests are delivered: one file per target per tier. */
  deliverAs: string;
  text: string;
  tests: CandidateTest[];
  usage: Usage;
}
