import type { TestDialect } from './dialects/dialects';
import type { CodeRange, FilteredMutant, Mutant, MutantOutcome } from './mutant';
import type { CandidateRef, Gate, Verdict } from './verdict';

/** Limits of a verification; the defaults suit a laptop and a 2-core CI machine. */
export interface RunnerLimits {
  testTimeoutMs: number;
  runTimeoutMs: number;
  memoryMb: number;
  perMutantTimeoutMs: number;
  /** Seeds of the random-order runs of the stability gate; with the pass run, 5 runs in all. */
  seeds: number[];
}

export const DEFAULT_LIMITS: RunnerLimits = {
  testTimeoutMs: 5_000,
  runTimeoutMs: 120_000,
  memoryMb: 1024,
  perMutantTimeoutMs: 2_000,
  seeds: [1, 2, 3, 4],
};

/**
 * One candidate test file as the runner receives it: data only. The runner copies its id,
 * target and origin into each verdict, which is how the pipeline joins verdicts to candidates.
 */
export interface CandidateFile extends CandidateRef {
  /** Relative to the repository root. */
  file: string;
  /**
   * The file's text, for generated files that must never be written into the user's tree (the
   * runner writes them into its own copies only); null for a file that lies in the repository.
   */
  text: string | null;
  /**
   * The code it claims to test (its target's lines). A static mutant, which costs a fresh load
   * of the test file, is tried only inside this focus; with none, in every function.
   */
  focus: CodeRange[] | null;
  /**
   * The mutants that the accepted tests leave alive and that this file was written to kill (a
   * survivor round): a test of it that kills none of them by a failed assertion is redundant.
   */
  survivors?: number[];
}

/** The snapshot that a runner's request copies, and the workspace package it is about. */
export interface SnapshotRef {
  root: string;
  /** Every file of the snapshot, relative to the root. */
  files: string[];
  /**
   * The workspace package the job targets (`packages/foo`): its dependencies are installed
   * with the root's, and the repository's own runner starts in its folder. Unset: the root.
   */
  package?: string;
}

/** What the runner needs, and nothing from the generator: the repository and the candidate files. */
export interface VerifyRequest extends SnapshotRef {
  /** The repository's code that mutants are made from (not its tests). */
  codeFiles: string[];
  candidates: CandidateFile[];
  /** The repository's own test files: the suite a candidate must add to. */
  existingTests: string[];
  /** The package's own name: an import of it reaches the repository's code, as a relative one does. */
  packageName: string | null;
  limits?: Partial<RunnerLimits>;
  /** Set: run the suite with the mutants even when no candidate reaches the added-value gate. */
  measureSuite?: true;
}

/** How a verification got the repository's dependencies, for the report. */
export type DependencySource =
  | { status: 'linked'; from: string }
  | {
      status: 'installed';
      manager: 'npm' | 'pnpm' | 'yarn';
      command: string;
      cached: boolean;
      /** How long the install took, when it ran (a cached one gives the time it took then). */
      installMs: number;
      /** Set when the install could not follow a lock file: the versions may differ from the team's. */
      warning?: string;
    }
  | {
      status: 'none';
      /** Set when an install failed that the code needs nothing of to run: why, in words. */
      warning?: string;
    };

export interface VerifyResult {
  verdicts: Verdict[];
  mutants: Mutant[];
  /** Mutants never made, being equivalent by construction (see equivalentSwap). */
  filteredMutants: FilteredMutant[];
  /** How many times a test ran with a mutant switched on, in the mutation gate, by outcome. */
  mutantRuns: Record<MutantOutcome, number>;
  /** Milliseconds spent in each gate. */
  timings: Record<Gate, number>;
  dependencies: DependencySource;
  /**
   * Whether the existing suite's mutation results came from the cache of an earlier
   * verification; `off` without a cache, `none` when no gate needed the suite.
   */
  suiteCache: 'hit' | 'miss' | 'off' | 'none';
  /**
   * The repository's own suite as the added-value gate saw it: its test files, and those that
   * could not run at all, with why; null when no gate needed the suite.
   */
  suite: SuiteStatus | null;
  /** How the runner contained the code it ran: in bubblewrap's sandbox, or not (and how). */
  containment: Containment;
}

/** How a runner contained the code it ran, for the report. */
export interface Containment {
  sandboxed: boolean;
  how: string;
  /**
   * Who ran the tests: the repository's own vitest, natively, or Attest's Jest (with the
   * dialect's API on Jest's). The report's coverage is measured by the same runner.
   */
  runner: 'jest' | 'vitest';
}

/** The repository's suite under the runner: a file that cannot load leaves the added-value gate less to compare with. */
export interface SuiteStatus {
  files: number;
  unloadable: { file: string; reason: string }[];
  /** The ids of the mutants the suite kills: its mutation score is the baseline for ours. */
  killed: number[];
  /** Of those, the files whose results an earlier verification had (same content, same code). */
  reused: number;
  /** How long its run with the mutants took, in parallel batches (0 when every file was reused). */
  runMs: number;
  /** Of runMs, the fresh loads for static mutants (code only loading a test file reaches). */
  staticMs: number;
}

/** What the report, the summary and stderr say of a suite whose files could not all load. */
export function suiteWarning(suite: Pick<SuiteStatus, 'files' | 'unloadable'>): string {
  const [first] = suite.unloadable;
  const why = first ? ` (${first.file}: ${first.reason.split('\n')[0]})` : '';
  return `${suite.unloadable.length} of the ${suite.files} test files of the repository's own suite could not load under the runner, so the added-value gate compared the candidates with the rest only${why}`;
}

/** A coverage run of test files (given as text) over the repository's code. */
export interface CoverageRequest extends SnapshotRef {
  /** The test files to run, as text, by their path relative to the root. */
  tests: ReadonlyMap<string, string>;
  limits?: Partial<RunnerLimits>;
  /** The code files to measure (relative to the root); every file the tests load if not given. */
  codeFiles?: string[];
}

/** What the runner takes from its own configuration, never from the request. */
export interface RunnerSettings {
  /** Installs and the existing suite's results are cached here; null caches nothing. */
  cacheDir: string | null;
  /** For the package manager alone: npm reads its registry and cache from HOME. */
  home: string;
  path: string;
}

/** Test files that lie in the repository, handed to the runner with no target (`attest verify`). */
export function givenCandidates(files: readonly string[]): CandidateFile[] {
  return files.map((file) => ({
    candidateId: file,
    target: null,
    origin: 'given',
    file,
    text: null,
    focus: null,
  }));
}

/** The kept tests, run once more by the repository's own test runner before delivery. */
export interface DeliveryCheckRequest extends SnapshotRef {
  /** The files to deliver, as text, by their path relative to the root. */
  tests: ReadonlyMap<string, string>;
  /** Which of the repository's runners proves them: its vitest, Jest, mocha or `node --test`. */
  dialect: TestDialect;
  limits?: Partial<RunnerLimits>;
}

/**
 * What the repository's own runner said of the tests to deliver: the command that proved them
 * and the tests it failed, with its words; or why no check could run.
 */
export type DeliveryCheck =
  | {
      status: 'ran';
      command: string;
      passed: number;
      failed: DeliveryFailure[];
      /**
       * The repository's own formatter, when it has one (`prettier --write`, else `eslint
       * --fix`), and the test files as it left them: the texts the check ran and delivery
       * writes.
       */
      formatted?: { command: string; files: [string, string][] };
    }
  | { status: 'skipped'; reason: string };

export interface DeliveryFailure {
  file: string;
  /** The test's describe path and title, joined by ' > '; '(file)' when the file did not run. */
  name: string;
  reason: string;
}

/** What a runner reports of a long step: a line, and a count where there is one. */
export interface RunnerStep {
  message: string;
  done?: number;
  total?: number;
}
