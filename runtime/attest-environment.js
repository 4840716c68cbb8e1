'use strict';
// Attest's Jest environment for the runner: Node's, plus a count of the assertions each test
// made by the time its function settled. An assertion in a promise that the test neither
// awaited nor returned may run after that moment; the static gate catches the usual shapes.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { createHash } = require('node:crypto');
const { TestEnvironment } = require('jest-environment-node');

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
  }

  assertionCalls() {
    const state =
      this.global.expect && this.global.expect.getState ? this.global.expect.getState() : null;
    return state ? state.assertionCalls : 0;
  }

  async handleTestEvent(event) {
    if (event.name === 'test_fn_start') {
      this.settled = undefined;
      this.wrap(event.test);
    }
    if (event.name === 'test_fn_success' || event.name === 'test_fn_failure') {
      const assertions = this.settled === undefined ? this.assertionCalls() : this.settled;
      this.counts.push({ name: fullName(event.test), assertions });
    }
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
    const wrapped = function () {
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
