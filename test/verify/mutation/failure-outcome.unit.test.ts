import assert from 'node:assert/strict';
import { failureOutcome } from '../../../src/verify/mutation/test-hooks';
import { STOPS } from '../../../src/verify/mutation/protocol';

/** The error a failing check throws, as the test's realm would hand it over. */
function thrownBy(check: () => unknown): unknown {
  try {
    check();
  } catch (error) {
    return error;
  }
  throw new Error('the check passed');
}

async function rejectedBy(check: () => Promise<unknown>): Promise<unknown> {
  return check().then(
    () => {
      throw new Error('the check passed');
    },
    (error: unknown) => error,
  );
}

describe(failureOutcome.name, () => {
  it('counts a failed comparison with a specific value as a kill', () => {
    for (const check of [
      () => expect(undefined).toBe(7200000),
      () => expect({ a: 1 }).toEqual({ a: 2 }),
      () => expect('abc').toMatch(/^x/),
      () => expect(() => {}).toThrow(RangeError),
      () => assert.strictEqual(undefined, 3),
      () => assert.equal(undefined, 3),
    ])
      expect(failureOutcome(thrownBy(check))).toBe('killed');
  });

  it('counts a failed check that a value is there, or that anything was thrown, as presence only', () => {
    for (const check of [
      () => expect(undefined).toBeDefined(),
      () => expect(0).toBeTruthy(),
      () => expect(null).not.toBeNull(),
      () => expect(() => {}).toThrow(),
      () => assert.ok(undefined),
      () => assert(0),
      () => assert.throws(() => {}),
    ])
      expect(failureOutcome(thrownBy(check))).toBe('presence');
    // vitest's and chai's words, as their serialized errors carry them.
    for (const message of [
      'expected undefined to be defined',
      'expected null not to be null',
      'expected undefined to exist',
      'expected [Function] to throw an error',
    ])
      expect(failureOutcome({ name: 'AssertionError', message })).toBe('presence');
    expect(
      failureOutcome({
        name: 'AssertionError',
        message: 'expected 2 to be 3 // Object.is equality',
      }),
    ).toBe('killed');
  });

  it("counts a promise that rejected under expect's resolves as a kill", async () => {
    const error = await rejectedBy(() => expect(Promise.reject(new Error('no'))).resolves.toBe(1));
    expect(failureOutcome(error)).toBe('killed');
  });

  it('counts a throw as a kill only where an assertion subject threw it', () => {
    const thrown = new TypeError("Cannot read properties of undefined (reading 'length')");
    expect(failureOutcome(thrown)).toBe('crashed');
    expect(failureOutcome(thrown, true)).toBe('killed');
    // The switch's own stops stay what they are, wherever they surface.
    expect(failureOutcome(new Error(STOPS.timeout), true)).toBe('timeout');
    expect(failureOutcome(new Error(STOPS.endless))).toBe('endless');
  });
});
