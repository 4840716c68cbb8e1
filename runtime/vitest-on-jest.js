/* global jest, describe, it, test, expect, beforeEach, afterEach, beforeAll, afterAll */
'use strict';
// vitest's test API on Jest's globals. Attest's runner runs every test under its own Jest; a
// repository written for vitest imports 'vitest', which the runner maps here. `vi` forwards to
// this module's `jest` object, which acts on the whole test environment (mocks, timers), except
// for vi.mock/vi.doMock: a module path given to them would resolve from this file, and Jest
// hoists only jest.mock, so they are refused with a message instead of silently doing nothing.
const forward =
  (name) =>
  (...args) =>
    jest[name](...args);
const refuse = (name) => () => {
  throw new Error(
    `vi.${name} cannot run under Attest's runner (module mocks are Jest's jest.mock, hoisted at compile time); mock the collaborator by handing the code a vi.fn() instead.`,
  );
};
const vi = {};
for (const name of [
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
])
  vi[name] = forward(name);
vi.mocked = (value) => value;
vi.stubGlobal = (name, value) => {
  globalThis[name] = value;
  return vi;
};
for (const name of [
  'mock',
  'doMock',
  'unmock',
  'doUnmock',
  'importActual',
  'importMock',
  'hoisted',
])
  vi[name] = refuse(name);

module.exports = {
  describe,
  it,
  test,
  expect,
  beforeEach,
  afterEach,
  beforeAll,
  afterAll,
  vi,
  vitest: vi,
};
