import type { FilteredMutant, Mutant } from '../core/mutant';
import type { RunnerLimits, RunnerStep, VerifyRequest } from '../core/verification';
import type { SourceParser } from '../understand/source-parser';
import type { CandidateRunOptions, CandidateRuns } from './candidate-runs';
import type { MutationResults } from './jest-run';
import type { RunnerWorkspace } from './runner-workspace';
import type { IsRepoModule } from './static/repo-bindings';
import type { VerdictLedger } from './verdict-ledger';

/** The copy of the repository whose code carries every mutant behind a switch. */
export interface MutatedCopy {
  workspace: RunnerWorkspace;
  mutants: Mutant[];
  /** Mutants not made, being equivalent by construction. */
  filtered: FilteredMutant[];
  byId: ReadonlyMap<number, Mutant>;
  /** Runs in this copy, with mutant switching on. */
  options: CandidateRunOptions & { mutation: { perMutantTimeoutMs: number } };
}

/** A file of the repository's suite that could not run under the runner, and why. */
export interface SuiteFailure {
  file: string;
  reason: string;
}

/** What the repository's own suite kills and reaches of the mutants, for the added-value gate. */
export interface SuiteBaseline {
  killed: Set<number>;
  covered: Set<number>;
  /** The suite's test files, and those that could not run at all (an import or syntax error). */
  files: number;
  unloadable: SuiteFailure[];
  /** Whether every file's results came from the cache; `off` when the runner keeps none. */
  cache: 'hit' | 'miss' | 'off';
  /** The test files whose results came from the cache: their content and the code's were seen before. */
  reused: number;
  /** How long this verification ran the suite with the mutants (0 when every file was reused). */
  runMs: number;
  /** Of runMs, the fresh loads for static mutants (code only loading a test file reaches). */
  staticMs: number;
}

/** A test's lines in its file, as the static gate read them. */
export type TestLines = Map<string, { name: string; line: number; endLine: number }[]>;

/** What the gates found so far, for the gates after them. */
export interface GateFindings {
  /** From the static gate: each candidate file's tests with their lines. */
  testLines: TestLines;
  /** From the pass gate: the first run of every standing file. */
  pass: CandidateRuns | null;
  /** From the mutation gate: what each mutant did to each standing test. */
  mutation: { results: MutationResults; runs: CandidateRuns } | null;
}

/** One verification as every gate sees it; the Verification owns all of it. */
export interface VerificationContext {
  readonly request: VerifyRequest;
  readonly limits: RunnerLimits;
  readonly ledger: VerdictLedger;
  readonly parser: SourceParser;
  readonly isRepoModule: IsRepoModule;
  /** The copy that holds the candidates and the repository's code as it is. */
  readonly workspace: RunnerWorkspace;
  /** Runs in that copy. */
  readonly options: CandidateRunOptions;
  readonly findings: GateFindings;
  /** The mutated copy, made the first time a gate asks for it. */
  mutatedCopy(): Promise<MutatedCopy>;
  /** What the repository's own suite kills and reaches, from the cache when it has it. */
  suiteBaseline(): Promise<SuiteBaseline>;
  /** Reports a long gate's steps within it (the mutation gate's tests, say). */
  readonly progress: (step: RunnerStep) => void;
}
