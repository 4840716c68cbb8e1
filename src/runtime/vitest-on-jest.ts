// vitest's test API on Jest's globals. Attest's runner runs every test under its own Jest; a
// repository written for vitest imports 'vitest', which the runner maps here (and the compile
// gate reads these types when the repository's own vitest is not installed). `vi` forwards to
// this module's `jest` object, which acts on the whole test environment (mocks, timers), except
// for vi.mock/vi.doMock: a module path given to them would resolve from this file, and Jest
// hoists only jest.mock, so they are refused with a message instead of silently doing nothing.
/// <reference types="jest" />

/** vitest's `vi`, as far as it maps onto Jest. */
export type Vi = typeof jest & {
  mocked<T>(value: T): jest.MockedObjectDeep<T>;
  stubGlobal(name: string, value: unknown): Vi;
};

const FORWARDED = [
  'fn',
  'spyOn',
  'isMockFunction',
  'clearAllMocks',
  'resetAllMocks',
  'restoreAllMocks',
  'useFakeTimers',
  'useRealTimers',
  'advanceTimersByTime',
  'advanceTimersByTimeAsync',
  'advanceTimersToNextTimer',
  'advanceTimersToNextTimerAsync',
  'runAllTimers',
  'runAllTimersAsync',
  'runOnlyPendingTimers',
  'runOnlyPendingTimersAsync',
  'runAllTicks',
  'clearAllTimers',
  'getTimerCount',
  'setSystemTime',
  'getRealSystemTime',
  'resetModules',
] as const;
const REFUSED = ['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock', 'hoisted'];

function refuse(name: string): () => never {
  return () => {
    throw new Error(
      `vi.${name} cannot run under Attest's runner (module mocks are Jest's jest.mock, hoisted at compile time); mock the collaborator by handing the code a vi.fn() instead.`,
    );
  };
}

function makeVi(): Vi {
  const api: Record<string, unknown> = {};
  for (const name of FORWARDED)
    api[name] = (...args: unknown[]) => (jest[name] as (...a: unknown[]) => unknown)(...args);
  api.mocked = <T>(value: T) => value;
  api.stubGlobal = (name: string, value: unknown) => {
    (globalThis as Record<string, unknown>)[name] = value;
    return api;
  };
  for (const name of REFUSED) api[name] = refuse(name);
  return api as Vi;
}

export const describe: jest.Describe = globalThis.describe;
export const it: jest.It = globalThis.it;
export const test: jest.It = globalThis.test;
// Jest declares `expect` a constant, not a property of globalThis.
const jestExpect: jest.Expect = expect;
export { jestExpect as expect };
export const beforeEach: jest.Lifecycle = globalThis.beforeEach;
export const afterEach: jest.Lifecycle = globalThis.afterEach;
export const beforeAll: jest.Lifecycle = globalThis.beforeAll;
export const afterAll: jest.Lifecycle = globalThis.afterAll;
export const vi: Vi = makeVi();
export const vitest: Vi = vi;
