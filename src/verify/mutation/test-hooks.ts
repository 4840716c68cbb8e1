import { stripVTControlCharacters } from 'node:util';
import type { Circus } from '@jest/types';
import type { MutantOutcome } from '../../core/mutant';
import { STOPS } from './protocol';

// What Attest's Jest environment does around each test, apart from the environment itself: a
// seeded Math.random, how a failure is told apart, node:assert's calls counted, and a test's
// hooks found and run as Jest runs them, for its replays under mutants.

/** mulberry32: a small, fast PRNG, good enough to stand in for Math.random in tests. */
export function seededRandom(seed: number): () => number {
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
 * What a mutant did to a test that failed under it (see MutantOutcome). The error comes from
 * the test's own realm, where `instanceof Error` is false: read its fields instead.
 * `inSubject`: the error is the one an assertion's subject threw while it was computed
 * (assertion-subjects.ts), so the assertion on that call failed because of the throw.
 */
export function failureOutcome(error: unknown, inSubject = false): MutantOutcome {
  const message =
    error && typeof error === 'object' && 'message' in error ? String(error.message) : '';
  if (message === STOPS.timeout) return 'timeout';
  if (message === STOPS.endless) return 'endless';
  if (isAssertionFailure(error)) return isPresenceCheck(error, message) ? 'presence' : 'killed';
  return inSubject ? 'killed' : 'crashed';
}

/**
 * An assertion's failure: Jest's expect (a matcher's, or `resolves`/`rejects` finding the
 * promise settled the other way), node:assert, or chai and vitest (AssertionError).
 */
function isAssertionFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { matcherResult?: unknown; code?: unknown; name?: unknown };
  return (
    'matcherResult' in e ||
    e.code === 'ERR_ASSERTION' ||
    e.name === 'AssertionError' ||
    error.constructor?.name === 'JestAssertionError'
  );
}

/** Jest's hint line, its colours taken out: `expect(received).not.toBeDefined()`. */
const JEST_PRESENCE =
  /^expect\(received\)\.(?:resolves\.|rejects\.)?(?:not\.)?(?:(?:toBeDefined|toBeUndefined|toBeTruthy|toBeFalsy|toBeNull)\(|toThrow(?:Error)?\(\))/;
/** chai's and vitest's words: `expected undefined to be defined`, `… not to be null`, `… to exist`. */
const CHAI_PRESENCE =
  /^expected .* (?:not )?to (?:be (?:defined|undefined|truthy|falsy|null|ok)|exist|throw an error)$/;

/**
 * A failed check that the value is there at all (toBeDefined, toBeTruthy, not.toBeNull, chai's
 * exist and ok, node:assert's ok), or that a call throws anything at all (toThrow() with no
 * class or message): it fails for a function emptied to return nothing, as for any other value
 * it rules out, so it says nothing of what the code computes.
 */
function isPresenceCheck(error: unknown, message: string): boolean {
  const e = error as { code?: unknown; operator?: unknown; expected?: unknown };
  // assert(x) and assert.ok(x) compare x == true; assert.equal(x, 3) compares too, with 3.
  if (e.code === 'ERR_ASSERTION')
    return (
      (e.operator === '==' && e.expected === true) || message === 'Missing expected exception.'
    );
  const first = stripVTControlCharacters(message).split('\n')[0] ?? '';
  return JEST_PRESENCE.test(first) || CHAI_PRESENCE.test(first);
}

/** The functions of node:assert that assert something: each call counts as an assertion. */
const ASSERT_FUNCTIONS = [
  'ok',
  'equal',
  'notEqual',
  'deepEqual',
  'notDeepEqual',
  'strictEqual',
  'notStrictEqual',
  'deepStrictEqual',
  'notDeepStrictEqual',
  'throws',
  'doesNotThrow',
  'rejects',
  'doesNotReject',
  'match',
  'doesNotMatch',
  'fail',
] as const;

type AssertModule = Record<string, unknown> & ((...args: unknown[]) => unknown);

/**
 * Counts the calls of node:assert (and node:assert/strict) as Jest counts expect's, so that the
 * hollow gate sees the assertions of tests written for mocha or node:test. Jest hands a test
 * the host's core modules, so the count is installed on them for this test file only.
 */
export function countAssertCalls(count: () => void): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const assert = require('node:assert') as AssertModule;
  const restore: (() => void)[] = [];
  for (const target of new Set([assert, assert.strict as AssertModule])) {
    for (const name of ASSERT_FUNCTIONS) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      target[name] = function (this: unknown, ...args: unknown[]) {
        count();
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      restore.push(() => (target[name] = original));
    }
  }
  return () => restore.forEach((r) => r());
}

export function fullName(test: Circus.TestEntry): string {
  const names: string[] = [test.name];
  let block: Circus.DescribeBlock | undefined = test.parent;
  for (; block && block.name !== 'ROOT_DESCRIBE_BLOCK'; block = block.parent)
    names.unshift(block.name);
  return names.join(' > ');
}

type HookFunction = (this: unknown, done?: (error?: unknown) => void) => unknown;

/** The beforeEach hooks of a test, outermost first, and its afterEach hooks, innermost first, as Jest runs them. */
export function eachHooks(test: Circus.TestEntry): {
  beforeEach: HookFunction[];
  afterEach: HookFunction[];
} {
  const beforeEach: HookFunction[] = [];
  const afterEach: HookFunction[] = [];
  for (let block: Circus.DescribeBlock | undefined = test.parent; block; block = block.parent) {
    const own = block.hooks.filter((h) => h.type === 'beforeEach').map((h) => h.fn as HookFunction);
    beforeEach.unshift(...own);
    afterEach.push(
      ...block.hooks.filter((h) => h.type === 'afterEach').map((h) => h.fn as HookFunction),
    );
  }
  return { beforeEach, afterEach };
}

export async function runHooks(hooks: HookFunction[], context: unknown): Promise<void> {
  for (const hook of hooks) {
    if (hook.length > 0)
      await new Promise<void>((resolve, reject) =>
        hook.call(context, (error?: unknown) =>
          // From the test's realm, where `instanceof Error` is false; kept whole for failureOutcome.
          error ? reject(error as Error) : resolve(),
        ),
      );
    else await hook.call(context);
  }
}

export function errorText(error: unknown): string {
  const message =
    error && typeof error === 'object' && 'message' in error
      ? String(error.message)
      : String(error);
  return message.split('\n').slice(0, 4).join(' ').slice(0, 300);
}
