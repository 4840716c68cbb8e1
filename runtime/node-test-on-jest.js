/* global describe, it, test, beforeEach, afterEach, beforeAll, afterAll */
'use strict';
// node:test's API on Jest's globals. Attest's runner runs every test under its own Jest; a
// repository whose tests import 'node:test' gets this module instead. A test function that takes
// node's test context (`(t) => …`) is handed one, and never Jest's `done`. `mock.fn` and
// `mock.method` record calls as node:test does (`fn.mock.calls[i].arguments`,
// `fn.mock.callCount()`); mock.timers and mock.module cannot be mapped and say so.
const restorers = [];

function fn(original = function () {}, implementation = original, options = {}) {
  const calls = [];
  let impl = implementation;
  const once = new Map();
  const mocked = function (...args) {
    const call = { arguments: args, this: this, result: undefined, error: undefined };
    calls.push(call);
    const index = calls.length - 1;
    const run = once.has(index) ? once.get(index) : impl;
    once.delete(index);
    try {
      call.result = new.target ? Reflect.construct(run, args, new.target) : run.apply(this, args);
      return call.result;
    } catch (error) {
      call.error = error;
      throw error;
    }
  };
  mocked.mock = {
    calls,
    callCount: () => calls.length,
    mockImplementation: (next) => {
      impl = next;
    },
    mockImplementationOnce: (next, onCall = calls.length) => {
      once.set(onCall, next);
    },
    resetCalls: () => {
      calls.length = 0;
    },
    restore: () => {
      impl = original;
      if (options.restore) options.restore();
    },
  };
  return mocked;
}

function method(object, name, implementation, options) {
  const original = object[name];
  const mocked = fn(original, implementation ?? original, {
    ...options,
    restore: () => {
      object[name] = original;
    },
  });
  object[name] = mocked;
  restorers.push(() => mocked.mock.restore());
  return mocked;
}

const refuse = (name) => () => {
  throw new Error(
    `mock.${name} cannot run under Attest's runner (its timers and module mocks are Jest's); hand the code a mock.fn() instead.`,
  );
};

const mock = {
  fn,
  method,
  getter: (object, name, implementation) => {
    const mocked = fn(undefined, implementation);
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    Object.defineProperty(object, name, { configurable: true, get: mocked });
    restorers.push(() => descriptor && Object.defineProperty(object, name, descriptor));
    return mocked;
  },
  reset: () => {
    while (restorers.length) restorers.pop()();
  },
  restoreAll: () => {
    while (restorers.length) restorers.pop()();
  },
  timers: new Proxy({}, { get: (_, name) => refuse(`timers.${String(name)}`) }),
  module: refuse('module'),
};

/** Node's test context, as far as a test uses it: its name, its mocks, and no-op reporting. */
function context(name) {
  return {
    name,
    mock,
    diagnostic: () => {},
    plan: () => {},
    todo: () => {},
    skip: () => {
      throw new Error('t.skip() cannot run under Attest: a skipped test asserts nothing.');
    },
    test: (subName, body) => body(context(subName)),
  };
}

/** `it(name, [options], fn)`: Jest gets a function of no parameters, so it never waits for done. */
function wrap(register) {
  return (name, optionsOrFn, maybeFn) => {
    const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    if (typeof body !== 'function') return register(name, () => {});
    return register(name, function () {
      return body.call(this, context(name));
    });
  };
}

const hook = (register) => (body) => register(() => body(context('hook')));

module.exports = {
  describe: (name, optionsOrFn, maybeFn) =>
    describe(name, typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn),
  suite: (name, optionsOrFn, maybeFn) =>
    describe(name, typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn),
  it: wrap(it),
  test: wrap(test),
  before: hook(beforeAll),
  after: hook(afterAll),
  beforeEach: hook(beforeEach),
  afterEach: hook(afterEach),
  mock,
};
module.exports.default = module.exports.test;
