import type { Containment, DeliveryCheck, DependencySource, SuiteStatus } from './verification';
import type { ModelCall } from './candidate';
import type { Delivery } from './delivery';
import type { Origin } from './origin';
import type { Verdict } from './verdict';

/** A stated example that the code contradicts: the docs or the code is wrong. */
export interface RequirementConflict {
  requirementId: string;
  target: string;
  /** Where the requirement states it. */
  file: string;
  line: number;
  /** The call as the requirement writes it. */
  call: string;
  expected: string;
  /** What the code gives, printed as the docs print the expected value. */
  actual: string;
  /**
   * What differs, in words: where two strings part, which elements or keys differ, or that
   * they differ only in Unicode normalisation or floating-point precision. Empty when unknown.
   */
  differences?: string[];
  /** Every place that states this call with this result: the requirement's, and the same example elsewhere. */
  places?: { requirementId: string; file: string; line: number }[];
  /**
   * Model tests that assert the code's value for this call: the gate passed them, but they
   * side with the code against the requirement, so they are reported here, not delivered.
   */
  echoedBy: { file: string; name: string }[];
  /**
   * In a diff job, tests Attest delivered earlier (they are in the repository and cite the
   * requirement) that fail on the changed code: the drift the change caused. Their files are
   * left as they are in the patch, never regenerated or deleted.
   */
  failingTests?: { file: string; name: string }[];
}

/** A test Attest delivered earlier that a diff job's change makes fail, and what became of it. */
export interface ReportDeliveredTest {
  file: string;
  name: string;
  /**
   * `conflict`: the change contradicts what it states (listed with the conflicts; its file is
   * left as it is); `updated`: the docs changed in the same diff, and the accepted test of the
   * new statement replaces its file in the patch; `removed`: its target is gone (the change
   * removed or renamed it), and the patch removes its file (`name` is `(file)`).
   */
  status: 'conflict' | 'updated' | 'removed';
  why: string;
}

/**
 * A mutant of the targeted code that no kept test and no test of the repository kills: the
 * behaviour nothing checks. `possibly-equivalent` when kept tests run its line and survivor
 * rounds at every model tier failed to kill it; `untested` otherwise, with why.
 */
export interface ReportSurvivor {
  id: number;
  target: string;
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  mark: 'untested' | 'possibly-equivalent';
  why: string;
}

/**
 * What one round of generation cost and bought: tier 0, the first pass of the models, and each
 * survivor round. `mutantsKilled` counts the mutants of the targeted code that its accepted
 * tests kill and no earlier round's did.
 */
export interface ReportRound {
  round: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  accepted: number;
  mutantsKilled: number;
  acceptedPer1kTokens: number | null;
}

/** One test of the job: its verdict, the requirements it cites, and whether select kept it. */
export type ReportTest = Verdict & {
  requirementIds: string[];
  /** Kept by select and delivered: an accepted test that adds to the others. */
  selected: boolean;
};

/**
 * A diff job's scope (`--changed-since`): what changed between the base and the job's tree, and
 * the targets the change touched, each with why.
 */
export interface ReportChanges {
  /** The base as it was given, and the commit it named. */
  base: string;
  baseCommit: string;
  /** The job's commit. */
  head: string;
  /** The files that changed, by their path in the repository (or the package). */
  files: string[];
  targets: { id: string; name: string; file: string; line: number; why: string[] }[];
  /** The targets a full job would plan: the change touched `targets.length` of them. */
  targetsInRepository: number;
  /** Tests Attest delivered earlier that fail on the changed code, or whose target it removed. */
  deliveredTests: ReportDeliveredTest[];
}

/** The job's report (report.json); fields may be added, none removed without a note in DESIGN.md. */
export interface Report {
  /**
   * The calls the docs show with a result: how many, how many distinct tests they make, and
   * each that no test states, with why (see exampleAccount).
   */
  examples: {
    found: number;
    distinct: number;
    skipped: { file: string; line: number; call: string; reason: string }[];
  };
  repo: { source: string; commit: string };
  /** Where the generated tests go in the repository. */
  testDir: string;
  targets: {
    id: string;
    name: string;
    file: string;
    line: number;
    requirementIds: string[];
    examples: number;
    selectedTests: number;
    /** Mutants inside the target's code, and how many the selected tests kill. */
    mutants: number;
    killed: number;
    /** Statements inside the target's code, and how many the selected tests execute. */
    statements: number;
    statementsCovered: number;
  }[];
  requirements: { id: string; source: string; file: string; line: number; text: string }[];
  tests: ReportTest[];
  conflicts: RequirementConflict[];
  totals: {
    candidates: number;
    accepted: number;
    selected: number;
    rejected: number;
    conflicts: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    acceptedPer1kTokens: number | null;
    mutants: number;
    mutantsKilled: number;
    mutationScore: number | null;
    /** The same, and statements, over the code of the targets whose requirements state examples (tier 0's reach). */
    examples: {
      mutants: number;
      mutantsKilled: number;
      statements: number;
      statementsCovered: number;
    };
    statements: number;
    statementsCovered: number;
    /** Of the statements in the targeted code, the share the selected tests execute. */
    statementCoverage: number | null;
    /**
     * Of the candidates' verdicts, those the runner reused from an earlier verification of the
     * same inputs (the test's text, the files its run can load, the install, the runner's
     * options and engine) rather than judging them again.
     */
    verdictsReused: number;
    durationMs: number;
  };
  /** Cost and yield per round, in the order they ran. */
  rounds: ReportRound[];
  /** Mutants of the targeted code that no kept test kills (report.md's "Survivors"). */
  survivors: ReportSurvivor[];
  /**
   * Each target's survivor rounds: how many it took part in, why they ended (`all-killed`,
   * `nothing-new`, `max-rounds`, `budget`, `no-tier`), the tier it had reached (the one whose
   * tests last killed one of its survivors), the ids still alive, and those of them that a
   * round named at every tier in vain. Empty when none ran.
   */
  survivorRounds: {
    targetId: string;
    rounds: number;
    stop: string;
    tier: Origin | null;
    left: number[];
    tried: number[];
  }[];
  /**
   * Mutants never made because they are equivalent by construction (they cannot change what
   * the code does), counted by rule over the targeted code.
   */
  mutantsFiltered: { rule: string; count: number }[];
  byOrigin: {
    origin: Origin;
    calls: number;
    candidates: number;
    accepted: number;
    tokens: number;
    costUsd: number;
  }[];
  funnel: {
    generated: number;
    compiled: number;
    passed: number;
    stable: number;
    nonHollow: number;
    added: number;
  };
  /** Every model call: what it cost and what the runner made of its tests. */
  calls: ModelCall[];
  /** A diff job's scope; null for a job over the whole repository. */
  changes: ReportChanges | null;
  /** Targets left without an accepted test because the budget ran out. */
  skipped: { targetId: string; reason: string }[];
  /** Model tiers that could not be used, and why. */
  unavailableTiers: { origin: Origin; reason: string }[];
  delivery: Delivery;
  /**
   * How the runner got the repository's dependencies (the last verification of the job), with
   * a warning when no lock file fixed their versions; null when nothing was verified.
   */
  dependencies: DependencySource | null;
  /**
   * The repository's own suite under the runner: files that could not load leave the
   * added-value gate less to compare with, and the report says so. Null when no gate needed it.
   */
  suite: ReportSuite | null;
  /** How the runner contained the code it ran (bubblewrap's sandbox or not); null when nothing ran. */
  containment: Containment | null;
  /**
   * The kept tests run once more by the repository's own runner before delivery: the command
   * that proved the delivered tests, and the tests it failed, which were not delivered.
   */
  deliveryCheck: DeliveryCheck | null;
}

/**
 * The repository's own suite as the runner saw it, and the mutants of the targeted code that it
 * kills: the kept tests' mutation score reads against this one.
 */
export interface ReportSuite extends Omit<SuiteStatus, 'killed'> {
  mutants: number;
  mutantsKilled: number;
}

/**
 * What differs in a conflict beyond its own line (the docs say this, the code gives that): a
 * plain number's difference says only that, so it is not said twice.
 */
export function conflictDetails(c: RequirementConflict): string[] {
  const headline = `the docs say ${c.expected}, the code gives ${c.actual}.`;
  return (c.differences ?? []).filter((d) => d !== headline);
}

/** The skipped examples counted by why, the reason's words up to its first colon, most first. */
export function skipReasons(examples: Report['examples']): [string, number][] {
  return tally(examples.skipped.map((s) => s.reason.split(':')[0]!));
}

/** How often each key occurs, most first (ties in order of first appearance). */
export function tally(keys: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}
