import { staticFindings, type StaticResult } from '../../../src/verify/static/static-findings';

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
      'a constant expression',
      "it('x', () => { add(1, 2); expect(1 + 1).toBe(2); });",
      /subject is a literal/,
    ],
    [
      'a self-comparison',
      "it('x', () => { const r = add(1, 2); expect(r).toBe(r); });",
      /with itself/,
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
      /replaces math\.add with a mock and then asserts on what it returns/,
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
      'it mocks ../src/math, the module of add, which it calls: it tests the mock.',
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

describe('tests of application code', () => {
  const SERVICE =
    "import { Billing } from '../src/billing';\nimport { send } from '../src/mailer';\n";
  const reasonsFor = (body: string, target: string | null = null, header = SERVICE) => {
    const result = staticFindings(
      `${header}${body}`,
      'test/x.test.ts',
      isRepoModule,
      undefined,
      target,
    );
    if (result.status !== 'parsed') throw new Error(result.reason);
    return result.tests[0]!.reasons;
  };

  it('leaves to the runtime gates assertions on spies, closures and values the code never touched', () => {
    const bodies = [
      "it('x', async () => { const store = { put: jest.fn() }; await new Billing(store).renew('s'); expect(store.put).toHaveBeenCalledWith('s'); });",
      "it('x', () => { const seen: number[] = []; const b = new Billing(); b.on('paid', (n) => seen.push(n)); b.pay(2); expect(seen).toEqual([2]); });",
      "it('x', () => { const onDone = jest.fn(); new Billing().run(onDone); expect(onDone).toHaveBeenCalledTimes(1); });",
      "it('x', () => { const r = 1 + 2; expect(r).toBe(3); });",
    ];
    for (const body of bodies) expect(reasonsFor(body, 'src/billing.ts#Billing.renew')).toEqual([]);
  });

  it('allows a mocked collaborator module when the test calls unmocked code', () => {
    const body =
      "jest.mock('../src/mailer');\nit('x', () => { new Billing().remind(); expect(send).toHaveBeenCalled(); });";
    expect(reasonsFor(body, 'src/billing.ts#Billing.remind')).toEqual([]);
  });

  it.each([
    [
      'its module',
      "jest.mock('../src/billing');\nit('x', () => { const b = new Billing(); b.remind(); expect(send).toHaveBeenCalled(); });",
      /mocks \.\.\/src\/billing, the module of remind, which it claims to test/,
    ],
    [
      'its method',
      "it('x', () => { const b = new Billing(); jest.spyOn(b, 'remind'); b.remind(); expect(b.remind).toHaveBeenCalled(); });",
      /spies on b\.remind, the code it claims to test/,
    ],
    [
      'its prototype',
      "it('x', () => { Billing.prototype.total = jest.fn(() => 3); expect(new Billing().remind()).toBe(3); });",
      /replaces Billing\.prototype\.total, the code it claims to test/,
    ],
  ])('rejects a mock of the target: %s', (_kind, body, reason) => {
    const reasons = reasonsFor(body, 'src/billing.ts#Billing.remind');
    expect(reasons.some((r) => reason.test(r))).toBe(true);
  });

  it.each([
    [
      'a child process',
      "import { execSync } from 'node:child_process';\nit('x', () => { execSync('id'); expect(add(1, 2)).toBe(3); });",
      'it imports node:child_process, which starts processes or code outside the test, or opens connections: a unit test calls the code under test only.',
    ],
    [
      'a socket, through require',
      "const net = require('net');\nit('x', () => { net.connect(6379); expect(add(1, 2)).toBe(3); });",
      'it imports net, which starts processes or code outside the test, or opens connections: a unit test calls the code under test only.',
    ],
    [
      'vm, imported dynamically',
      "it('x', async () => { await import('node:vm'); expect(add(1, 2)).toBe(3); });",
      'it imports node:vm, which starts processes or code outside the test, or opens connections: a unit test calls the code under test only.',
    ],
    [
      'a write through fs',
      "import fs from 'node:fs';\nit('x', () => { fs.writeFileSync('/tmp/x', '1'); expect(add(1, 2)).toBe(3); });",
      'it calls fs.writeFileSync, which writes files: a unit test checks what the code returns, and writes nothing.',
    ],
    [
      'a write function imported from fs/promises',
      "import { rm } from 'fs/promises';\nit('x', async () => { await rm('/x'); expect(add(1, 2)).toBe(3); });",
      'it imports rm from fs/promises to write files: a unit test checks what the code returns, and writes nothing.',
    ],
    [
      "process's internals",
      "it('x', () => { process.binding('fs'); expect(add(1, 2)).toBe(3); });",
      "it calls process.binding, which reaches Node's internals: remove it.",
    ],
    [
      'the Function constructor through Buffer',
      "it('x', () => { Buffer.constructor('return process')(); expect(add(1, 2)).toBe(3); });",
      "it calls Buffer.constructor(…), the Function constructor reached through an object, which runs code built from a string outside the test's scope: remove it.",
    ],
    [
      'a global of the runner',
      "it('x', () => { const on = (globalThis as any).__attestActiveMutant; expect(add(1, on ? 2 : 2)).toBe(4 - 1); });",
      "it names __attestActiveMutant, a global of Attest's runner: a test may not read or change how it is judged.",
    ],
    [
      'a write to a file descriptor',
      "import { writeSync } from 'fs';\nit('x', () => { writeSync(3, 'killed'); expect(add(1, 2)).toBe(3); });",
      'it imports writeSync from fs to write files: a unit test checks what the code returns, and writes nothing.',
    ],
    [
      "a search of the global object's names",
      "it('x', () => { const n = Object.getOwnPropertyNames(globalThis).find((k) => k.endsWith('Mutant')); expect(add(1, n ? 2 : 2)).toBe(3); });",
      'it lists the global object’s names or reads a global by a computed name, which is how a test finds the runner’s own globals: use only the globals you name.',
    ],
    [
      'a global read by a computed name',
      "const name = ['__att', 'est'].join('');\nit('x', () => { expect(add(1, (globalThis as any)[name] ? 1 : 2)).toBe(3); });",
      'it lists the global object’s names or reads a global by a computed name, which is how a test finds the runner’s own globals: use only the globals you name.',
    ],
  ])('rejects a test that reaches the runtime around it: %s', (_what, body, reason) => {
    expect(reasonsOf(body)).toContain(reason);
  });

  it('lets a test set and read the globals it names', () => {
    expect(
      reasonsOf(
        "it('x', () => { (globalThis as any)['fetch'] = jest.fn(); global.answer = 1; expect(add(1, 2)).toBe(3); });",
      ),
    ).toEqual([]);
  });

  it('lets a test read files, and use fs and path to find them', () => {
    expect(
      reasonsOf(
        "import { readFileSync } from 'node:fs';\nit('x', () => { expect(add(readFileSync('a').length, 2)).toBe(3); });",
      ),
    ).toEqual([]);
  });
});
