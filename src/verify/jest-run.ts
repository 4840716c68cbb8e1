import type { StatementLines } from './coverage-instrument';
import type { MutantOutcome, StatementCoverage } from '../core/mutant';
import type { TestMap } from '../core/test-map';

// What a Jest run of Attest's gives back, and what it is asked for: the records every gate reads.

/** One test's outcome in one Jest run. */
export interface TestOutcome {
  /** Relative to the workspace. */
  file: string;
  /** Describe path and title, joined by ' > '. */
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  failure: string | null;
  /** Assertions made by the time the test's function settled. */
  assertions: number;
  durationMs: number;
}

/** For a mutation run: per test, the mutants its run reached and what each did. */
export type MutationResults = TestMap<TestMutation>;

/** One test's mutation result: the mutants its run reached, and what each did. */
export interface TestMutation {
  covered: number[];
  outcomes: Map<number, MutantOutcome>;
  /**
   * The mutants under which the test failed although that run never reached their code: the
   * test noticed the switch, not the mutant. Any rejects it.
   */
  impossible?: number[];
  /** Set when the test asked the mutant switch which mutant was on (only the code may). */
  asked?: true;
  /**
   * Set when the test failed its second run in one process with no mutant on, which says
   * why: it counts on state its first run left, so its replays were not tried.
   */
  unrepeatable?: string;
}

/** A Jest run: each test's outcome, and the files that could not run at all (an import or syntax error). */
export type JestRun =
  | {
      status: 'ran';
      tests: TestOutcome[];
      fileErrors: { file: string; message: string }[];
      mutation: MutationResults;
      /** For a mutation run: per test file, the mutants that loading it reached before its tests ran. */
      loaded: Map<string, number[]>;
      /** Set when the run was asked for coverage. */
      coverage?: StatementCoverage;
      durationMs: number;
    }
  | { status: 'timed-out'; durationMs: number }
  | { status: 'crashed'; message: string; durationMs: number };

export interface MutationRunOptions {
  /** The nonce in the name of the switch's global in the instrumented copy (switchGlobal). */
  nonce: string;
  /** The instrumented files, relative to the workspace: the only code the switch answers. */
  code: string[];
  /** The most time a mutant gets; it gets less when the test itself is quick. */
  perMutantTimeoutMs: number;
  /** Multiplies each mutant's time, to re-check a timeout on a slow machine (default 1). */
  slowdown?: number;
  /** Set: switch on only these mutants. */
  only?: number[];
  /**
   * Set for the repository's suite, whose results count only whether a mutant is noticed: a
   * mutant's run stops at the first test that notices it (Stryker's bail), so the tests after
   * it in that process do not try it.
   */
  firstKill?: true;
  /**
   * Set: the files are the runner's wrappers that load a test file afresh under each of its
   * static mutants (tryStaticMutants); their outcomes are recorded for the wrapped file.
   */
  static?: true;
}

export interface JestRunOptions {
  /** Test files relative to the workspace. */
  files: string[];
  /**
   * Who runs them: Attest's Jest (the default), or the repository's own vitest through its
   * Node API, for a repository that runs vitest and has it installed (see testRunnerFor).
   */
  runner?: 'jest' | 'vitest';
  /**
   * Set: the files are the repository's own suite, so the repository's runner runs only those
   * its config counts as tests; else (candidates) it runs every file given.
   */
  ownSuite?: true;
  /** The workspace package (a folder of the workspace) whose own runner and config run the tests. */
  packageDir?: string;
  workspace: string;
  /** Jest's cache: shared by the runs of one workspace when given (RunnerWorkspace.jestCache). */
  cacheDirectory?: string;
  timeoutMs: number;
  testTimeoutMs: number;
  /** Set: run the tests in a random order from this seed. */
  seed?: number;
  /** Seeds the tests' Math.random, so that a run repeats exactly. */
  randomSeed?: number;
  /** Heap cap of the Jest process, in MB. */
  memoryMb: number;
  /**
   * The tests' HOME and TMPDIR, when runs must share them (the pass and stable runs, so that
   * a file one run leaves is there for the next, as on a developer's machine); else a fresh
   * folder per run. Never the user's own.
   */
  home?: string;
  /** Set: switch on, one by one, every instrumented mutant each test reaches. */
  mutation?: MutationRunOptions;
  /** Hears the run's channel records as they arrive (checked, as at the end), for progress. */
  onRecord?: (record: Partial<Record<string, unknown>>) => void;
  /**
   * Set: record which statements of the repository's code the run executed (V8 coverage), in
   * every file the tests load, or only in these (converting V8's counts costs time per file).
   */
  coverage?: boolean | string[];
  /**
   * Set for a coverage run in the repository's own vitest: the code files in the copy carry
   * istanbul's counters (coverage-instrument.ts); per file, each statement's line.
   */
  statementLines?: StatementLines;
}
