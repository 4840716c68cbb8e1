import { staticFindings, type StaticResult } from '../../src/verify/static/static-findings';

const isRepoModule = (specifier: string) => specifier.startsWith('.');
const HEADER = "import { add, sort } from '../src/math';\nimport * as math from '../src/math';\n";

function reasonsOf(body: string): string[] {
  const result = staticFindings(`${HEADER}${body}`, 'test/x.test.ts', isRepoModule);
  if (result.status !== 'parsed') throw new Error(result.reason);
  expect(result.tests).toHaveLength(1);
  return result.tests[0]!.reasons;
}

describe(staticFindings.name, () => {
  it('passes a test that asserts on what the code returns', () => {
    expect(reasonsOf("it('adds', () => { expect(add(1, 2)).toBe(3); });")).toEqual([]);
    expect(reasonsOf("it('adds', () => { const r = add(1, 2); expect(r).toEqual(3); });")).toEqual(
      [],
    );
    expect(
      reasonsOf(
        "test('sorts in place', () => { const xs = [2, 1]; sort(xs); expect(xs).toEqual([1, 2]); });",
      ),
    ).toEqual([]);
    expect(
      reasonsOf(
        "it('rejects', async () => { await expect(math.load('x')).rejects.toThrow(TypeError); });",
      ),
    ).toEqual([]);
  });

  it.each([
    ['no assertion', "it('runs', () => { add(1, 2); });", /makes no assertion/],
    [
      'an assertion in dead code',
      "it('x', () => { if (false) { expect(add(1, 2)).toBe(3); } });",
      /makes no assertion/,
    ],
    [
      'an assertion after return',
      "it('x', () => { return; expect(add(1, 2)).toBe(3); });",
      /makes no assertion/,
    ],
    [
      'a literal subject',
      "it('x', () => { add(1, 2); expect(true).toBe(true); });",
      /subject is a literal/,
    ],
    [
      'a literal array subject',
      "it('x', () => { add(1, 2); expect([1, 2]).toEqual([1, 2]); });",
      /subject is a literal/,
    ],
    [
      'a self-comparison',
      "it('x', () => { const r = add(1, 2); expect(r).toBe(r); });",
      /with itself/,
    ],
    [
      'an assertion only on the input',
      "it('x', () => { const input = 1; add(input, 2); expect(input).toBe(1); });",
      /without calling the repository's code/,
    ],
    [
      'a value computed without the code',
      "it('x', () => { const r = 1 + 2; expect(r).toBe(3); });",
      /without calling the repository's code/,
    ],
    [
      'expect with no matcher',
      "it('x', () => { expect(add(1, 2)); });",
      /never followed by a matcher/,
    ],
    [
      'a snapshot',
      "it('x', () => { expect(add(1, 2)).toMatchSnapshot(); });",
      /snapshot written on the first run/,
    ],
    ['a skipped test', "it.skip('x', () => { expect(add(1, 2)).toBe(3); });", /marked \.skip/],
    ['a focused test', "test.only('x', () => { expect(add(1, 2)).toBe(3); });", /marked \.only/],
    ['xit', "xit('x', () => { expect(add(1, 2)).toBe(3); });", /marked \.skip/],
    ['a todo', "it.todo('adds');", /marked \.todo/],
    [
      'a spy that replaces the target',
      "it('x', () => { jest.spyOn(math, 'add').mockReturnValue(3); expect(math.add(1, 2)).toBe(3); });",
      /replaces add with a mock/,
    ],
    [
      'a jest.fn assigned over the target',
      "it('x', () => { math.add = jest.fn(() => 3); expect(math.add(1, 2)).toBe(3); });",
      /replaces math\.add with a mock/,
    ],
  ])('rejects %s', (_kind, body, reason) => {
    const reasons = reasonsOf(body);
    expect(reasons.some((r) => reason.test(r))).toBe(true);
  });

  it('rejects a jest.mock of the module whose function the assertions call', () => {
    const text = `${HEADER}jest.mock('../src/math');\nit('x', () => { expect(add(1, 2)).toBe(3); });`;
    const result = staticFindings(text, 'test/x.test.ts', isRepoModule) as Extract<
      StaticResult,
      { status: 'parsed' }
    >;
    expect(result.tests[0]!.reasons).toEqual([
      'it mocks ../src/math, the module of add, which its assertions call: it tests the mock.',
    ]);
  });

  it('names each test with its describe path, and inherits a describe.skip', () => {
    const text = `${HEADER}describe('math', () => { describe.skip('add', () => { it('adds', () => { expect(add(1, 2)).toBe(3); }); }); });`;
    const result = staticFindings(text, 'test/x.test.ts', isRepoModule) as Extract<
      StaticResult,
      { status: 'parsed' }
    >;
    expect(result.tests.map((t) => [t.name, t.reasons.length > 0])).toEqual([
      ['math > add > adds', true],
    ]);
  });

  it('reads it.each tables as one test', () => {
    const text = `${HEADER}it.each([[1, 2, 3]])('adds %i and %i', (a, b, sum) => { expect(add(a, b)).toBe(sum); });`;
    const result = staticFindings(text, 'test/x.test.ts', isRepoModule) as Extract<
      StaticResult,
      { status: 'parsed' }
    >;
    expect(result.tests).toEqual([{ name: 'adds %i and %i', line: 3, endLine: 3, reasons: [] }]);
  });

  it('rejects a whole file that does not parse, or has no test', () => {
    expect(
      staticFindings('it("x", () => { expect(add(1, ).toBe(; });', 'test/x.test.ts', isRepoModule),
    ).toEqual({
      status: 'unreadable',
      reason: 'the file does not parse: fix its syntax errors.',
    });
    expect(staticFindings(`${HEADER}const x = add(1, 2);`, 'test/x.test.ts', isRepoModule)).toEqual(
      {
        status: 'unreadable',
        reason: 'the file has no test (no it() or test() call).',
      },
    );
  });
});

describe('what counts as computed by the code', () => {
  it('follows assignments and values pushed into a local', () => {
    expect(reasonsOf("it('x', () => { let n = 0; n = add(n, 1); expect(n).toBe(1); });")).toEqual(
      [],
    );
    expect(
      reasonsOf(
        "it('x', () => { const out = []; out.push(add(1, 1)); expect(out).toEqual([2]); });",
      ),
    ).toEqual([]);
  });
});
