'use strict';
// Attest's Jest environment for the runner: Node's, plus a count of the assertions each test
// made by the time its function settled. An assertion in a promise that the test neither
// awaited nor returned may run after that moment; the static gate catches the usual shapes.
const { writeFileSync, appendFileSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const { TestEnvironment } = require('jest-environment-node');

/** mulberry32: a small, fast PRNG, good enough to stand in for Math.random in tests. */
function seededRandom(seed) {
  let state = seed >>> 0;
  return function random() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What a mutant did to a test that failed under it: ran past its deadline (`timeout`, which the
 * runner re-checks), looped past the turn limit (`endless`), failed an assertion (`killed`), or
 * made the code throw (`crashed`).
 */
function failureOutcome(error) {
  if (error && error.message === 'attest:mutant-timeout') return 'timeout';
  if (error && error.message === 'attest:mutant-endless-loop') return 'endless';
  return error && error.matcherResult ? 'killed' : 'crashed';
}

function fullName(test) {
  const names = [];
  for (let block = test; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent)
    names.unshift(block.name);
  return names.join(' > ');
}

class AttestEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.testPath = context.testPath;
    this.counts = [];
    // Verdicts must be deterministic: each run draws Math.random from its own seed, so a test
    // that depends on chance passes or fails the same way every time the runner repeats it.
    if (process.env.ATTEST_RANDOM_SEED)
      this.global.Math.random = seededRandom(Number(process.env.ATTEST_RANDOM_SEED));
  }

  assertionCalls() {
    const state =
      this.global.expect && this.global.expect.getState ? this.global.expect.getState() : null;
    return state ? state.assertionCalls : 0;
  }

  async handleTestEvent(event) {
    if (event.name === 'test_fn_start') {
      if (process.env.ATTEST_MUTANTS_FILE && !this.loadRecorded) this.recordLoad();
      this.settled = undefined;
      this.wrap(event.test);
    }
    if (event.name === 'test_fn_success' || event.name === 'test_fn_failure') {
      const assertions = this.settled === undefined ? this.assertionCalls() : this.settled;
      this.counts.push({ name: fullName(event.test), assertions });
      if (process.env.ATTEST_STATIC_FILE) this.recordStatic(event);
    }
  }

  /**
   * The mutants that loading the test file reached before its first test ran: code run at
   * import (a default built by a factory), which switching a mutant during a test cannot change.
   */
  recordLoad() {
    this.loadRecorded = true;
    const covered = [...(this.global.__attestCovered || [])].sort((a, b) => a - b);
    appendFileSync(
      process.env.ATTEST_MUTANTS_FILE,
      JSON.stringify({ file: this.testPath, load: covered }) + '\n',
    );
  }

  /** In a run of static mutants, what each mutant did to a test (see the runner's wrapper file). */
  recordStatic(event) {
    const match = /^attest-static:(\d+) > (.*)$/s.exec(fullName(event.test));
    if (!match) return;
    const outcome = event.name === 'test_fn_success' ? 'survived' : failureOutcome(event.error);
    appendFileSync(
      process.env.ATTEST_STATIC_FILE,
      JSON.stringify({
        file: this.testPath.replace(/\.attest-static\.test\.js$/, ''),
        test: match[2],
        mutant: Number(match[1]),
        outcome,
      }) + '\n',
    );
  }

  /**
   * Reads the count the moment the test's function returns (or its promise settles), before
   * callbacks that it left queued can run. A done-callback test keeps its own function: its
   * arity tells Jest how to call it.
   */
  wrap(test) {
    const original = test.fn;
    if (typeof original !== 'function' || original.length > 0 || original.attestWrapped) return;
    const env = this;
    const wrapped = process.env.ATTEST_MUTANTS_FILE
      ? this.mutationWrapper(test, original)
      : function () {
          const result = original.call(this);
          if (result && typeof result.then === 'function') {
            return result.then(
              (value) => {
                env.settled = env.assertionCalls();
                return value;
              },
              (error) => {
                env.settled = env.assertionCalls();
                throw error;
              },
            );
          }
          env.settled = env.assertionCalls();
          return result;
        };
    wrapped.attestWrapped = true;
    test.fn = wrapped;
  }

  /**
   * Mutant switching: runs the test once as it is, recording which mutants its run reached,
   * then once per reached mutant with that mutant switched on. A mutant is killed when an
   * assertion fails; a mutant that makes the code throw is only crashed, which a smoke test
   * with no assertion would also achieve. Each result is appended as it comes, so that a
   * mutant that hangs the process can be named afterwards.
   */
  mutationWrapper(test, original) {
    const env = this;
    const g = this.global;
    const name = fullName(test);
    const capMs = Number(process.env.ATTEST_MUTANT_TIMEOUT_MS || 2000);
    const slowdown = Number(process.env.ATTEST_MUTANT_SLOWDOWN || 1);
    return async function () {
      g.__attestActiveMutant = 0;
      g.__attestCovered = new Set();
      const started = Date.now();
      const baseline = await original.call(this);
      // A mutant gets ten times the test's own time and a fixed margin, up to the cap: a
      // mutant that loops costs a fraction of a second, not the cap, on every test that
      // reaches it. The runner re-checks a timeout with a slowdown before believing it.
      const perMutantMs = slowdown * Math.min(capMs, 50 + 10 * (Date.now() - started));
      env.settled = env.assertionCalls();
      const baselineCalls = env.settled;
      const covered = [...g.__attestCovered].sort((a, b) => a - b);
      const only = process.env.ATTEST_MUTANT_FILTER
        ? new Set(process.env.ATTEST_MUTANT_FILTER.split(',').map(Number))
        : null;
      const file = env.testPath;
      appendFileSync(
        process.env.ATTEST_MUTANTS_FILE,
        JSON.stringify({ file, test: name, covered }) + '\n',
      );
      for (const id of covered) {
        if (only && !only.has(id)) continue;
        g.__attestLoopTurns = 0;
        g.__attestSteps = 0;
        g.__attestDeadline = Date.now() + perMutantMs;
        g.__attestActiveMutant = id;
        let outcome;
        let timer;
        try {
          await Promise.race([
            Promise.resolve(original.call(this)),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error('attest:mutant-timeout')), perMutantMs);
            }),
          ]);
          outcome = 'survived';
        } catch (error) {
          outcome = failureOutcome(error);
        } finally {
          // A pending timer would keep the test process alive after the last test.
          clearTimeout(timer);
          g.__attestActiveMutant = 0;
          g.__attestDeadline = 0;
        }
        appendFileSync(
          process.env.ATTEST_MUTANTS_FILE,
          JSON.stringify({ file, test: name, mutant: id, outcome }) + '\n',
        );
      }
      // The mutant runs made assertions of their own; Jest's expect.assertions(n) must not see them.
      if (g.expect && g.expect.setState) g.expect.setState({ assertionCalls: baselineCalls });
      return baseline;
    };
  }

  async teardown() {
    const dir = process.env.ATTEST_COUNTS_DIR;
    if (dir) {
      const id = createHash('sha1').update(this.testPath).digest('hex');
      writeFileSync(
        join(dir, `${id}.json`),
        JSON.stringify({ testPath: this.testPath, counts: this.counts }),
      );
    }
    await super.teardown();
  }
}

module.exports = AttestEnvironment;
