import type { MutantOutcome } from '../../core/mutant';

/*
 * The protocol between the runner, Attest's Jest environment and the instrumented code: the
 * globals that switch mutants and record coverage, the variables that configure a run, and the
 * records the environment writes back. Every side imports it from here, so a renamed global or
 * a changed record fails to compile instead of failing at run time.
 */

/** The globals the instrumented code reads and the environment sets. */
export const GLOBALS = {
  /** The id of the mutant switched on, or 0. */
  active: '__attestActiveMutant',
  /** The ids of the mutants the code reached (a Set). */
  covered: '__attestCovered',
  /** When the switched-on mutant must give up (ms since the epoch), or 0. */
  deadline: '__attestDeadline',
  /** Probe calls since the mutant was switched on: the clock is read every 1024. */
  steps: '__attestSteps',
  /** Loop turns since the mutant was switched on. */
  loopTurns: '__attestLoopTurns',
  /** The runner's own Date.now, which a test's fake timers do not replace. */
  clock: '__attestClock',
} as const;

/** The helpers the instrumenter declares at the top of each file. */
export const PROBES = { mutant: '__attestMutant', data: '__attestData', loop: '__attestLoop' };

/** The messages the probes throw, which the environment reads back as outcomes. */
export const STOPS = { timeout: 'attest:mutant-timeout', endless: 'attest:mutant-endless-loop' };

/** Loop turns past which a mutant's loop is endless, counted, not timed. */
export const LOOP_LIMIT = 100_000;
/** Loop turns by which a mutant that reaches its deadline is called endless rather than slow. */
export const ENDLESS_TURNS = 100;

/** The environment variables the runner sets for a Jest run and the environment reads. */
export const VARIABLES = {
  countsDir: 'ATTEST_COUNTS_DIR',
  randomSeed: 'ATTEST_RANDOM_SEED',
  mutantsFile: 'ATTEST_MUTANTS_FILE',
  staticFile: 'ATTEST_STATIC_FILE',
  mutantTimeoutMs: 'ATTEST_MUTANT_TIMEOUT_MS',
  slowdown: 'ATTEST_MUTANT_SLOWDOWN',
  only: 'ATTEST_MUTANT_FILTER',
} as const;

/** The suffix of the runner's wrapper that loads a test file afresh under each static mutant. */
export const STATIC_WRAPPER = '.attest-static.test.js';
/** The describe block of one static mutant in that wrapper: `attest-static:<id>`. */
export const STATIC_BLOCK = 'attest-static:';
/** The test that stands for a wrapped file whose loading a static mutant broke. */
export const LOAD_ERROR = 'attest: loading the file failed';

/** The assertion count of each test of one file, written when its environment tears down. */
export interface CountsRecord {
  testPath: string;
  counts: { name: string; assertions: number }[];
}

/** What the environment appends to the mutants file, one JSON object a line. */
export type MutantRecord =
  /** The mutants that loading a test file reached before its first test ran. */
  | { kind: 'load'; file: string; covered: number[] }
  /** The mutants a test's unmutated run reached. */
  | { kind: 'covered'; file: string; test: string; covered: number[] }
  /** What one mutant did to one test. */
  | { kind: 'outcome'; file: string; test: string; mutant: number; outcome: MutantOutcome }
  /** A test whose second run in the same process failed with no mutant on: replays prove nothing. */
  | { kind: 'unrepeatable'; file: string; test: string; reason: string };

const OUTCOMES: readonly MutantOutcome[] = ['killed', 'crashed', 'survived', 'timeout', 'endless'];

/** Reads one line of the mutants file; a line that is not a record is an error, never skipped. */
export function parseMutantRecord(line: string): MutantRecord {
  const value = JSON.parse(line) as Partial<Record<string, unknown>>;
  const ids = (v: unknown): v is number[] =>
    Array.isArray(v) && v.every((x) => typeof x === 'number');
  const { kind, file, test, covered, mutant, outcome, reason } = value;
  if (typeof file === 'string') {
    if (kind === 'load' && ids(covered)) return { kind, file, covered };
    if (kind === 'covered' && typeof test === 'string' && ids(covered))
      return { kind, file, test, covered };
    if (
      kind === 'outcome' &&
      typeof test === 'string' &&
      typeof mutant === 'number' &&
      OUTCOMES.includes(outcome as MutantOutcome)
    )
      return { kind, file, test, mutant, outcome: outcome as MutantOutcome };
    if (kind === 'unrepeatable' && typeof test === 'string' && typeof reason === 'string')
      return { kind, file, test, reason };
  }
  throw new Error(`not a mutant record: ${line.slice(0, 200)}`);
}
