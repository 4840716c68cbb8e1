// node:test's API on Jest's globals. Attest's runner runs every test under its own Jest; a
// repository whose tests import 'node:test' gets this module instead. A test function that takes
// node's test context (`(t) => …`) is handed one, and never Jest's `done`. `mock.fn` and
// `mock.method` record calls as node:test does (`fn.mock.calls[i].arguments`,
// `fn.mock.callCount()`); mock.timers and mock.module cannot be mapped and say so.

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface Call {
  arguments: unknown[];
  this: unknown;
  result: unknown;
  error: unknown;
}

interface MockedFunction extends AnyFunction {
  mock: {
    calls: Call[];
    callCount(): number;
    mockImplementation(next: AnyFunction): void;
    mockImplementationOnce(next: AnyFunction, onCall?: number): void;
    resetCalls(): void;
    restore(): void;
  };
}

interface TestContext {
  name: string;
  mock: typeof mock;
  diagnostic(): void;
  plan(): void;
  todo(): void;
  skip(): never;
  test(name: string, body: (t: TestContext) => unknown): unknown;
}

type TestBody = (this: unknown, t: TestContext) => unknown;

const restorers: (() => void)[] = [];

function fn(
  original: AnyFunction = function () {},
  implementation: AnyFunction = original,
  options: { restore?: () => void } = {},
): MockedFunction {
  const calls: Call[] = [];
  let impl = implementation;
  const once = new Map<number, AnyFunction>();
  const mocked = function (this: unknown, ...args: unknown[]): unknown {
    const call: Call = { arguments: args, this: this, result: undefined, error: undefined };
    calls.push(call);
    const index = calls.length - 1;
    const run = once.get(index) ?? impl;
    once.delete(index);
    try {
      call.result = new.target ? Reflect.construct(run, args, new.target) : run.apply(this, args);
      return call.result;
    } catch (error) {
      call.error = error;
      throw error;
    }
  } as MockedFunction;
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
      options.restore?.();
    },
  };
  return mocked;
}

function method(
  object: Record<string, unknown>,
  name: string,
  implementation?: AnyFunction,
  options?: object,
): MockedFunction {
  const original = object[name] as AnyFunction;
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

function refuse(name: string): () => never {
  return () => {
    throw new Error(
      `mock.${name} cannot run under Attest's runner (its timers and module mocks are Jest's); hand the code a mock.fn() instead.`,
    );
  };
}

function restoreAll(): void {
  while (restorers.length) restorers.pop()!();
}

export const mock = {
  fn,
  method,
  getter: (object: object, name: string, implementation?: AnyFunction) => {
    const mocked = fn(undefined, implementation);
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    Object.defineProperty(object, name, { configurable: true, get: mocked });
    restorers.push(() => descriptor && Object.defineProperty(object, name, descriptor));
    return mocked;
  },
  reset: restoreAll,
  restoreAll,
  timers: new Proxy({}, { get: (_, name) => refuse(`timers.${String(name)}`) }),
  module: refuse('module'),
};

/** Node's test context, as far as a test uses it: its name, its mocks, and no-op reporting. */
function context(name: string): TestContext {
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

type Register = (name: string, body: (this: unknown) => unknown) => unknown;

/** `it(name, [options], fn)`: Jest gets a function of no parameters, so it never waits for done. */
function wrap(register: Register) {
  return (name: string, optionsOrFn?: object | TestBody, maybeFn?: TestBody): unknown => {
    const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
    if (typeof body !== 'function') return register(name, () => {});
    return register(name, function (this: unknown) {
      return body.call(this, context(name));
    });
  };
}

function hook(register: (body: () => unknown) => unknown) {
  return (body: TestBody) => register(() => body.call(undefined, context('hook')));
}

function suite(name: string, optionsOrFn?: object | (() => void), maybeFn?: () => void): void {
  const body = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  globalThis.describe(name, (body as (() => void) | undefined) ?? (() => {}));
}

export const describe = suite;
export { suite };
export const it = wrap(globalThis.it as unknown as Register);
export const test = wrap(globalThis.test as unknown as Register);
export const before = hook(globalThis.beforeAll);
export const after = hook(globalThis.afterAll);
export const beforeEach = hook(globalThis.beforeEach);
export const afterEach = hook(globalThis.afterEach);
export default test;
