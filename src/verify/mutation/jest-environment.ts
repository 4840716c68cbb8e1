// Attest's Jest environment for the runner: Node's, plus a count of the assertions each test
// made by the time its function settled, and, in a mutation run, mutant switching. It runs in
// the test process, so it imports nothing of Attest's but the protocol, the mutant switch, the
// verdict channel and where Attest is installed.
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import type { MutantOutcome } from '../../core/mutant';
import { runtimeFile } from '../attest-root';
import { MutantSwitch } from './mutant-switch';
import { hardenRunnerRealm } from './runner-realm';
import {
  countAssertCalls,
  eachHooks,
  errorText,
  failureOutcome,
  fullName,
  runHooks,
  seededRandom,
} from './test-hooks';
import {
  switchGlobal,
  STATIC_BLOCK,
  STATIC_WRAPPER,
  STOPS,
  VARIABLES,
  type CountsRecord,
  type MutantRecord,
  type VerdictChannelModule,
} from './protocol';

/**
 * The verdict channel, claimed when Jest loads this module (before any test file) and then
 * sealed: what this environment records reaches the runner signed, and no test can claim it.
 */
const verdictChannel = loadChannel();
const channel = verdictChannel.claim();
verdictChannel.seal();
hardenRunnerRealm();
/** The instrumented files: the only callers that the mutant switch tells which mutant is on. */
const CODE = new Set(channel?.code ?? []);
const isCode = (file: string | undefined) => file !== undefined && CODE.has(file);
/**
 * The mutants a test of this process has noticed (by an assertion or a crash; a timeout is
 * re-checked later, so it does not count yet). Jest loads an environment once per worker, so
 * for the repository's suite (firstKill) a later test, of this file or the next, skips them.
 */
const NOTICED = new Set<number>();

const noticed = (outcome: MutantOutcome): boolean =>
  outcome === 'killed' || outcome === 'presence' || outcome === 'crashed';

function loadChannel(): VerdictChannelModule {
  // The compiled file, which the reporter loads too: one module, claimed once by each.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(runtimeFile('verdict-channel')) as VerdictChannelModule;
}

type TestFunction = ((this: unknown) => unknown) & { attestWrapped?: true };
/** The test context's globals as the probes see them. */
type ProbeGlobals = Record<string, unknown> & {
  expect?: {
    getState?: () => { assertionCalls: number };
    setState?: (s: { assertionCalls: number }) => void;
  };
};

function record(entry: MutantRecord): void {
  channel?.send(entry);
}

export default class AttestEnvironment extends TestEnvironment {
  private readonly testPath: string;
  private readonly counts: CountsRecord['counts'] = [];
  private readonly probes: ProbeGlobals;
  private readonly switch = new MutantSwitch(isCode);
  private readonly switching = process.env[VARIABLES.mutation] === 'switch';
  private readonly loadingStatic = process.env[VARIABLES.mutation] === 'static';
  /** How long a static mutant's block may run (the runner's per-mutant cap). */
  private readonly staticMs = Number(process.env[VARIABLES.mutantTimeoutMs] ?? 2000);
  /** The assertion count at the moment the running test's function settled. */
  private settled: number | undefined;
  private loadRecorded = false;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
    this.probes = this.global;
    // The switch's probes, and nothing else of it, where the instrumented code finds them: not
    // listed by Object.keys, and not replaceable. They read this realm's clock, which a test's
    // fake timers do not move.
    Object.defineProperty(this.global, switchGlobal(channel?.nonce ?? ''), {
      value: this.switch.probes,
      enumerable: false,
      writable: false,
      configurable: false,
    });
    // Verdicts must be deterministic: each run draws Math.random from its own seed, so a test
    // that depends on chance passes or fails the same way every time the runner repeats it.
    const seed = process.env[VARIABLES.randomSeed];
    if (seed) this.global.Math.random = seededRandom(Number(seed));
  }

  private assertionCalls(): number {
    return this.probes.expect?.getState?.().assertionCalls ?? 0;
  }

  handleTestEvent(event: Circus.Event): void {
    // Before the test's beforeEach hooks: the mutants they reach are the test's as well.
    if (event.name === 'test_start' && this.switching) {
      if (!this.loadRecorded) this.recordLoad();
      this.switch.startReaching();
    }
    if (this.loadingStatic) this.switchStatic(event);
    if (event.name === 'test_fn_start') {
      this.settled = undefined;
      this.switch.takeSubjectError();
      this.wrap(event.test);
    }
    if (event.name === 'test_fn_success' || event.name === 'test_fn_failure') {
      const assertions = this.settled ?? this.assertionCalls();
      this.counts.push({ name: fullName(event.test), assertions });
      if (this.loadingStatic) this.recordStatic(event);
    }
  }

  /**
   * The mutants that loading the test file reached before its first test ran: code run at
   * import (a default built by a factory), which switching a mutant during a test cannot change.
   */
  private recordLoad(): void {
    this.loadRecorded = true;
    record({ kind: 'load', file: this.testPath, covered: this.switch.reachedIds() });
  }

  /**
   * In a run of static mutants, the switch follows the wrapper's blocks (`attest-static:<id>`):
   * on while a block loads the test file afresh, and while each of its tests and hooks runs.
   */
  private switchStatic(event: Circus.Event): void {
    const ms = this.staticMs;
    const staticId = (name: string) =>
      name.startsWith(STATIC_BLOCK) ? Number(name.slice(STATIC_BLOCK.length)) : 0;
    if (event.name === 'start_describe_definition') {
      const id = staticId(event.blockName);
      if (id) this.switch.on(id, ms);
    }
    if (event.name === 'finish_describe_definition' || event.name === 'test_done')
      this.switch.off();
    if (event.name === 'test_start') {
      let block: Circus.DescribeBlock | undefined = event.test.parent;
      while (block && !staticId(block.name)) block = block.parent;
      if (block) this.switch.on(staticId(block.name), ms);
    }
  }

  /** In a run of static mutants, what each mutant did to a test (see static-mutants.ts). */
  private recordStatic(
    event: Extract<Circus.Event, { name: 'test_fn_success' | 'test_fn_failure' }>,
  ): void {
    const name = fullName(event.test);
    if (!name.startsWith(STATIC_BLOCK)) return;
    const at = name.indexOf(' > ');
    if (at < 0) return;
    record({
      kind: 'outcome',
      file: this.testPath.slice(0, -STATIC_WRAPPER.length),
      test: name.slice(at + 3),
      mutant: Number(name.slice(STATIC_BLOCK.length, at)),
      outcome:
        event.name === 'test_fn_success'
          ? 'survived'
          : failureOutcome(event.error, this.switch.takeSubjectError()?.error === event.error),
    });
  }

  /**
   * Reads the count the moment the test's function returns (or its promise settles), before
   * callbacks that it left queued can run. A done-callback test keeps its own function: its
   * arity tells Jest how to call it.
   */
  private wrap(test: Circus.TestEntry): void {
    const original = test.fn as unknown as TestFunction;
    if (typeof original !== 'function' || original.length > 0 || original.attestWrapped) return;
    const wrapped: TestFunction = this.switching
      ? this.mutationWrapper(test, original)
      : this.countingWrapper(original);
    wrapped.attestWrapped = true;
    test.fn = wrapped as unknown as Circus.TestFn;
  }

  private countingWrapper(original: TestFunction): TestFunction {
    const settle = () => (this.settled = this.assertionCalls());
    return function (this: unknown) {
      const result = original.call(this);
      if (
        result instanceof Promise ||
        (result && typeof (result as Promise<unknown>).then === 'function')
      ) {
        return (result as Promise<unknown>).then(
          (value) => {
            settle();
            return value;
          },
          (error: unknown) => {
            settle();
            throw error;
          },
        );
      }
      settle();
      return result;
    };
  }

  /**
   * Mutant switching: runs the test once as it is, recording which mutants its run reached,
   * then once per reached mutant with that mutant switched on. A mutant is killed when an
   * assertion fails; a mutant that makes the code throw is only crashed, which a smoke test
   * with no assertion would also achieve. Each result is appended as it comes, so that a
   * mutant that hangs the process can be named afterwards.
   *
   * Each replay starts as Jest starts a test: the mocks' calls cleared, the test's afterEach
   * and beforeEach hooks run again (with the mutant on, since a beforeEach builds what the
   * test checks). One replay with no mutant comes first: a test whose second run fails (it
   * counts on state its first run left) is `unrepeatable`, and its mutants are tried on
   * fresh loads instead (see static-mutants.ts).
   */
  private mutationWrapper(test: Circus.TestEntry, original: TestFunction): TestFunction {
    const g = this.probes;
    const sw = this.switch;
    const name = fullName(test);
    const file = this.testPath;
    const assertionCalls = () => this.assertionCalls();
    const settle = (count: number) => (this.settled = count);
    const mocker = this.moduleMocker;
    const hooks = eachHooks(test);
    const capMs = Number(process.env[VARIABLES.mutantTimeoutMs] ?? 2000);
    const slowdown = Number(process.env[VARIABLES.slowdown] ?? 1);
    const onlyList = process.env[VARIABLES.only];
    // Set but empty: no mutant at all (every one the run could reach is already known).
    const only =
      onlyList === undefined ? null : new Set(onlyList.split(',').filter(Boolean).map(Number));
    const firstKill = process.env[VARIABLES.firstKill] === '1';
    return async function (this: unknown) {
      sw.off();
      const started = Date.now();
      const baseline = await original.call(this);
      // A mutant gets ten times the test's own time and a fixed margin, up to the cap: a
      // mutant that loops costs a fraction of a second, not the cap, on every test that
      // reaches it. The runner re-checks a timeout with a slowdown before believing it.
      const perMutantMs = slowdown * Math.min(capMs, 50 + 10 * (Date.now() - started));
      const baselineCalls = settle(assertionCalls());
      const covered = sw.reachedIds();
      record({ kind: 'covered', file, test: name, covered });
      let asked = false;
      /** The replay's failure, if any, and whether an assertion's subject threw it. */
      const replay = async (
        context: unknown,
        id: number,
        ms: number,
      ): Promise<{ error: unknown; inSubject: boolean } | null> => {
        await runHooks(hooks.afterEach, context);
        mocker?.clearAllMocks();
        // What this replay reaches, to check that a mutant it fails under was reached at all.
        sw.startReaching();
        sw.takeSubjectError();
        sw.on(id, id ? ms : 0);
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            (async () => {
              await runHooks(hooks.beforeEach, context);
              await original.call(context);
            })(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(STOPS.timeout)), ms);
            }),
          ]);
          return null;
        } catch (error) {
          return {
            error: error ?? new Error('undefined was thrown'),
            inSubject: sw.takeSubjectError()?.error === error,
          };
        } finally {
          // A pending timer would keep the test process alive after the last test.
          clearTimeout(timer);
          sw.off();
          if (sw.takeAsked()) asked = true;
        }
      };
      const control =
        covered.length > 0 ? await replay(this, 0, Math.max(perMutantMs, capMs)) : null;
      if (control) {
        record({ kind: 'unrepeatable', file, test: name, reason: errorText(control.error) });
      } else {
        for (const id of covered) {
          if ((only && !only.has(id)) || (firstKill && NOTICED.has(id))) continue;
          const failure = await replay(this, id, perMutantMs);
          const outcome: MutantOutcome = failure
            ? failureOutcome(failure.error, failure.inSubject)
            : 'survived';
          if (noticed(outcome) && !sw.reachedIds().includes(id))
            record({ kind: 'impossible', file, test: name, mutant: id });
          else {
            record({ kind: 'outcome', file, test: name, mutant: id, outcome });
            if (noticed(outcome)) NOTICED.add(id);
          }
        }
      }
      if (asked) record({ kind: 'asked', file, test: name });
      // The mutant runs made assertions of their own; Jest's expect.assertions(n) must not see them.
      g.expect?.setState?.({ assertionCalls: baselineCalls });
      return baseline;
    };
  }

  private uncountAsserts: (() => void) | null = null;

  override async setup(): Promise<void> {
    await super.setup();
    this.uncountAsserts = countAssertCalls(() =>
      this.probes.expect?.setState?.({ assertionCalls: this.assertionCalls() + 1 }),
    );
  }

  override async teardown(): Promise<void> {
    this.uncountAsserts?.();
    record({ kind: 'counts', testPath: this.testPath, counts: this.counts });
    await super.teardown();
  }
}
