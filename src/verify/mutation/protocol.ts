import { randomBytes } from 'node:crypto';
import type { MutantOutcome } from '../../core/mutant';

/*
 * The protocol between the runner, Attest's Jest environment and the instrumented code: the
 * globals that switch mutants and record coverage, the variables that configure a run, and the
 * records the environment writes back. Every side imports it from here, so a renamed global or
 * a changed record fails to compile instead of failing at run time.
 */

/**
 * The one global of the runner in a test's realm: the probes of the mutant switch (see
 * MutantSwitch), named for one run with a random nonce that the runner hands the environment
 * over the verdict channel, so that a test cannot name it in its source (and the static gate
 * rejects any `__attest`). Which mutant is on is never stored in the test's realm.
 */
export function switchGlobal(nonce: string): string {
  return `__attest${nonce}Switch`;
}

/** A fresh nonce for a verification's switch global. */
export function globalsNonce(): string {
  return randomBytes(8).toString('hex');
}

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
  randomSeed: 'ATTEST_RANDOM_SEED',
  /** 'switch': switch each reached mutant on in turn; 'static': the run loads static mutants. */
  mutation: 'ATTEST_MUTATION',
  mutantTimeoutMs: 'ATTEST_MUTANT_TIMEOUT_MS',
  slowdown: 'ATTEST_MUTANT_SLOWDOWN',
  only: 'ATTEST_MUTANT_FILTER',
  firstKill: 'ATTEST_MUTANT_FIRST_KILL',
} as const;

/** The suffix of the runner's wrapper that loads a test file afresh under each static mutant. */
export const STATIC_WRAPPER = '.attest-static.test.js';
/** The describe block of one static mutant in that wrapper: `attest-static:<id>`. */
export const STATIC_BLOCK = 'attest-static:';
/** The test that stands for a wrapped file whose loading a static mutant broke. */
export const LOAD_ERROR = 'attest: loading the file failed';

/** The assertion count of each test of one file, sent when its environment tears down. */
export interface CountsRecord {
  testPath: string;
  counts: { name: string; assertions: number }[];
}

/**
 * What the environment sends the runner over the verdict channel, one signed record a line,
 * beside the reporter's `results`.
 */
export type MutantRecord =
  /** The assertion count of each test of one file. */
  | ({ kind: 'counts' } & CountsRecord)
  /** The mutants that loading a test file reached before its first test ran. */
  | { kind: 'load'; file: string; covered: number[] }
  /** The mutants a test's unmutated run reached. */
  | { kind: 'covered'; file: string; test: string; covered: number[] }
  /** What one mutant did to one test. */
  | { kind: 'outcome'; file: string; test: string; mutant: number; outcome: MutantOutcome }
  /**
   * A test that failed with a mutant on whose code that run never reached: the mutant cannot
   * have caused it, so the test notices the switch itself, which no honest test can.
   */
  | { kind: 'impossible'; file: string; test: string; mutant: number }
  /** A test that asked the switch which mutant was on, which only the code under test may. */
  | { kind: 'asked'; file: string; test: string }
  /** A test whose second run in the same process failed with no mutant on: replays prove nothing. */
  | { kind: 'unrepeatable'; file: string; test: string; reason: string };

const OUTCOMES: readonly MutantOutcome[] = [
  'killed',
  'presence',
  'crashed',
  'survived',
  'timeout',
  'endless',
];

/** Reads one record of the environment; a value that is not a record is an error, never skipped. */
export function parseMutantRecord(value: Partial<Record<string, unknown>>): MutantRecord {
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
    if (kind === 'asked' && typeof test === 'string') return { kind, file, test };
    if (kind === 'impossible' && typeof test === 'string' && typeof mutant === 'number')
      return { kind, file, test, mutant };
    if (kind === 'unrepeatable' && typeof test === 'string' && typeof reason === 'string')
      return { kind, file, test, reason };
  }
  if (kind === 'counts' && typeof value.testPath === 'string' && Array.isArray(value.counts))
    return { kind, testPath: value.testPath, counts: value.counts as CountsRecord['counts'] };
  throw new Error(`not a record of Attest's environment: ${JSON.stringify(value).slice(0, 200)}`);
}

/** The first line the runner writes on the verdict channel, before any code of the run starts. */
export interface ChannelHello {
  /** The run's HMAC key, in hex: every record is signed with it. */
  key: string;
  /** The nonce in the name of the switch's global. */
  nonce: string;
  /** The instrumented files, by absolute path. */
  code?: string[];
}

/** A claimed verdict channel: what the runner said first, and how to send a signed record. */
export interface VerdictChannel {
  /** The nonce in the name of the switch's global. */
  readonly nonce: string;
  /** The instrumented files, by absolute path: the only callers the mutant switch answers. */
  readonly code: readonly string[];
  send(record: ResultsRecord | MutantRecord): void;
}

/** runtime/verdict-channel: claimed once by the reporter and the environment, then sealed. */
export interface VerdictChannelModule {
  /** The channel; null when the run has none. Throws once sealed. */
  claim(): VerdictChannel | null;
  /** Called before the first test file loads: from then on, nobody can claim the channel. */
  seal(): void;
}

/** Istanbul's coverage-final.json, as Jest writes it from V8's counts. */
export type IstanbulCoverage = Record<
  string,
  { statementMap: Record<string, { start: { line: number } }>; s: Record<string, number> }
>;

/** What runtime/verdict-reporter sends once a run is over: Jest's results per file, and the coverage. */
export interface ResultsRecord {
  kind: 'results';
  coverage: IstanbulCoverage | null;
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages: string[];
      duration?: number | null;
    }[];
  }[];
}

/** What the runner hands the vitest driver (vitest-driver.ts), as a JSON file in its scratch. */
export interface VitestDriverSettings {
  /** The run's copy of the repository, where its vitest config is. */
  root: string;
  /** The test files to run, absolute. */
  files: string[];
  /** The repository's own `vitest/node`, absolute. */
  vitestNode: string;
  /** The ES module setup file the driver adds to every project (it loads vitest-hooks). */
  setupFile: string;
  /** Vite's cache for the run. */
  cacheDir: string;
  testTimeoutMs: number;
  /** Set: run the files in a random order from this seed. */
  seed?: number;
  /** Run the files vitest's config does not count as tests too (candidates), or not (the suite). */
  everyFile: boolean;
  /** Set: try each mutant the tests reach, on the tests that reach it. */
  mutation?: {
    perMutantTimeoutMs: number;
    only?: number[];
    firstKill?: true;
    /**
     * Set: try the static mutants (those the files' loading reached) instead of the per-test
     * ones, each on from the start of a fresh load of the files that reached it.
     */
    static?: true;
  };
  /**
   * Set: the code files carry istanbul's counters under this global; per file (absolute), each
   * statement's line. The run's results then carry the statements its tests executed.
   */
  coverage?: { variable: string; lines: Record<string, Record<string, number>> };
}

/** What the driver tells the hooks in each vitest worker (read once, then deleted). */
export interface VitestHookSettings {
  /** Signs each test's record in the task's meta, which the test itself could otherwise write. */
  key: string;
  nonce: string;
  code: string[];
  /** A mutant's time. */
  timeoutMs: number;
  /** Set: the global under which istanbul's statement counters are (a coverage run). */
  coverageVariable?: string;
}

/**
 * The variable that carries VitestHookSettings into a vitest worker. They hold for the whole
 * driver's life: vitest 3 gives its workers the environment of its pool's start, not of each run.
 */
export const VITEST_HOOKS_VARIABLE = 'ATTEST_VITEST_HOOKS';

/**
 * The key under which the driver provides each run's mutant to the workers (vitest's
 * `provide`/`inject`, as Stryker's runner does), sealed with the hooks' key: a test may inject
 * it too, but learns nothing of which mutant is on.
 */
export const VITEST_ACTIVE = 'attestActiveMutant';

/**
 * A run's mutant (0: none), sealed with AES-256-GCM under the hooks' key, and whether it is on
 * from the moment the test file starts loading (a static mutant) or only while each test runs.
 */
export interface SealedMutant {
  iv: string;
  data: string;
  tag: string;
}

/** The task meta key under which the hooks leave a test's signed record. */
export const VITEST_META = 'attestRecord';

/** A test's record as the hooks measured it in its worker. */
export interface VitestTestRecord {
  covered: number[];
  /**
   * The mutants reached while the test's file loaded (its imports, its describe blocks), before
   * its first test: on the first test of each file only.
   */
  loaded?: number[];
  /** In a coverage run: per code file, the statements first executed since the last record. */
  statements?: Record<string, string[]>;
  assertions: number;
  asked: boolean;
  /** The test failed with the error that an assertion's subject threw (see failureOutcome). */
  failedInSubject?: true;
}
