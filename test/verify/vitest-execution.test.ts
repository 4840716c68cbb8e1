import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SourceParser } from '../../src/understand/source-parser';
import { attestRoot } from '../../src/verify/attest-root';
import type { JestRun } from '../../src/verify/jest-run';
import { TOOL_CACHES } from '../../src/verify/install-layout';
import { instrument } from '../../src/verify/mutation/instrument';
import { RunnerWorkspace } from '../../src/verify/runner-workspace';
import { repositoryVitest, runVitest } from '../../src/verify/vitest-execution';
import { expectFirstKillOnly, noticedCounts } from '../helpers/noticed';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'vitest-native-repo');
const NONCE = 'beef01';
const FILES = [
  'package.json',
  'vitest.config.ts',
  'lib/rates.ts',
  'src/price.ts',
  'test/setup.ts',
  'test/price.test.ts',
  'test/smoke.test.ts',
];

/**
 * A test that rewrites, through a proxy over its task's meta, whatever Attest's hooks record of
 * it: it claims nine assertions without naming any of Attest's keys.
 */
const FORGER = [
  "import { it } from 'vitest';",
  "import { withTax } from '../src/price';",
  "it('claims assertions it never made', (ctx) => {",
  '  withTax(1);',
  '  const claimed = { covered: [], assertions: 9, asked: false };',
  '  Object.defineProperty(ctx.task, "meta", {',
  '    value: new Proxy({}, { set: (t, k, v) => Reflect.set(t, k, { ...v, payload: JSON.stringify(claimed) }) }),',
  '  });',
  '});',
  '',
].join('\n');

/**
 * The repository's vitest is Attest's own (4.1.12), installed as the repository's would be,
 * with the folders vite writes in node_modules made, as the runner's install makes them for a
 * linked node_modules (the sandbox mounts node_modules read-only but for those).
 */
function installedModules(): string {
  const modules = path.join(attestRoot(), 'node_modules');
  for (const cache of TOOL_CACHES) mkdirSync(path.join(modules, cache), { recursive: true });
  return modules;
}

describe(runVitest.name, () => {
  let workspace: RunnerWorkspace;
  let run: Extract<JestRun, { status: 'ran' }>;
  let mutants: ReturnType<typeof instrument>['mutants'];
  beforeAll(async () => {
    workspace = await RunnerWorkspace.create(REPO, FILES, new Map(), installedModules());
    const text = readFileSync(path.join(REPO, 'src/price.ts'), 'utf8');
    const instrumented = instrument(
      text,
      'src/price.ts',
      'typescript',
      new SourceParser(),
      1,
      NONCE,
    );
    mutants = instrumented.mutants;
    await workspace.writeFile('src/price.ts', instrumented.text);
    await workspace.writeFile('test/forge.test.ts', FORGER);
    const result = await runVitest({
      files: ['test/price.test.ts', 'test/smoke.test.ts', 'test/forge.test.ts'],
      workspace: workspace.root,
      timeoutMs: 120_000,
      testTimeoutMs: 5_000,
      memoryMb: 1024,
      mutation: { perMutantTimeoutMs: 2_000, nonce: NONCE, code: ['src/price.ts'] },
    });
    if (result.status !== 'ran') throw new Error(JSON.stringify(result));
    run = result;
  }, 180_000);
  afterAll(() => workspace.dispose());

  it("finds the repository's own vitest", () => {
    expect(repositoryVitest(workspace.root)).toMatch(/node_modules\/vitest\/dist\/node\.js$/);
  });

  it('fails a file whose test rewrites what the hooks record of it, instead of believing it', () => {
    expect(run.fileErrors).toEqual([
      { file: 'test/forge.test.ts', message: expect.stringMatching(/broke what they report/) },
    ]);
    expect(run.tests.filter((t) => t.file === 'test/forge.test.ts')).toEqual([]);
  });

  it('loads a suite that hoists vi.mock, reads import.meta.env and counts on its config', () => {
    expect(run.tests.map((t) => [t.file, t.name, t.status, t.assertions])).toEqual([
      ['test/price.test.ts', 'withTax > adds the mocked rate', 'passed', 1],
      ['test/price.test.ts', 'withTax > rejects a negative price', 'passed', 1],
      [
        'test/price.test.ts',
        'withTax > runs where the setup file and the mode are set',
        'passed',
        2,
      ],
      ['test/price.test.ts', 'later > notifies after the delay, under fake timers', 'passed', 1],
      ['test/smoke.test.ts', 'calls withTax', 'passed', 0],
    ]);
  });

  it('kills by assertion what a test checks, under fake timers too, and never credits a call alone', () => {
    const outcomes = (file: string, name: string) => {
      const result = run.mutation.get({ file, name });
      return [...(result?.outcomes ?? new Map()).entries()].map(
        ([id, outcome]) => `${mutants.find((m) => m.id === id)?.mutator}:${outcome}`,
      );
    };
    const rate = outcomes('test/price.test.ts', 'withTax > adds the mocked rate');
    expect(rate).toContain('ArithmeticOperator:killed');
    expect(rate.filter((o) => o.endsWith(':survived')).length).toBeLessThan(rate.length);
    expect(
      outcomes('test/price.test.ts', 'later > notifies after the delay, under fake timers'),
    ).toContain('ArithmeticOperator:killed');
    // The smoke test reaches the same code but asserts nothing: nothing it runs is a kill.
    const smoke = outcomes('test/smoke.test.ts', 'calls withTax');
    expect(smoke.length).toBeGreaterThan(0);
    expect(smoke.filter((o) => o.endsWith(':killed'))).toEqual([]);
  });

  it("stops a mutant at the first test that notices it, for the repository's suite, and loses no kill", async () => {
    const file = 'test/price.test.ts';
    const suite = await runVitest({
      files: [file],
      workspace: workspace.root,
      timeoutMs: 120_000,
      testTimeoutMs: 5_000,
      memoryMb: 1024,
      ownSuite: true,
      mutation: {
        perMutantTimeoutMs: 2_000,
        nonce: NONCE,
        code: ['src/price.ts'],
        firstKill: true,
      },
    });
    if (suite.status !== 'ran') throw new Error(JSON.stringify(suite));
    expectFirstKillOnly(noticedCounts(run.mutation, file), noticedCounts(suite.mutation, file));
  }, 180_000);
});

/**
 * One test file and its own files, beside the fixture's config and setup, run in the
 * repository's own vitest as the suite (`ownSuite`) or as a candidate.
 */
async function runBesideFixture(
  texts: Map<string, string>,
  file: string,
  ownSuite: boolean,
): Promise<JestRun> {
  const workspace = await RunnerWorkspace.create(
    REPO,
    ['package.json', 'vitest.config.ts', 'test/setup.ts'],
    texts,
    installedModules(),
  );
  try {
    return await runVitest({
      files: [file],
      workspace: workspace.root,
      timeoutMs: 120_000,
      testTimeoutMs: 5_000,
      memoryMb: 1024,
      ...(ownSuite ? { ownSuite: true as const } : {}),
    });
  } finally {
    await workspace.dispose();
  }
}

/**
 * vitest runs a test in its worker's own realm, where a library may compile code (a template
 * engine, a schema validator, vitest 3's own pool): as under `npx vitest run`, it may.
 */
describe('a vitest suite whose code compiles code from strings', () => {
  it('runs as under npx vitest run', async () => {
    const run = await runBesideFixture(
      new Map([
        [
          'test/compile.test.ts',
          "import { expect, it } from 'vitest';\nit('compiles', () => { expect(new Function('a', 'return a * 2')(21)).toBe(42); });\n",
        ],
      ]),
      'test/compile.test.ts',
      true,
    );
    if (run.status !== 'ran') throw new Error(JSON.stringify(run));
    expect(run.tests.map((t) => [t.name, t.status])).toEqual([['compiles', 'passed']]);
  }, 180_000);
});

/**
 * Hostile code in the repository's own source, which the static gate never reads, reaching
 * Node's fs and child_process by computed names: under its own vitest, as under Jest, nothing it
 * does lands on the host.
 */
describe('a repository whose own code attacks the host, run in its own vitest', () => {
  const marks = ['written', 'spawned'].map((m) =>
    path.join(os.homedir(), `.attest-vitest-escape-${process.pid}-${m}`),
  );
  const EVIL = [
    "import * as fs from 'node:fs';",
    "import * as cp from 'node:child_process';",
    "const write = ['write', 'File', 'Sync'].join('');",
    "const run = ['exec', 'File', 'Sync'].join('');",
    'export function price(): number {',
    `  try { (fs as any)[write](${JSON.stringify(marks[0])}, 'escaped'); } catch {}`,
    `  try { (cp as any)[run]('touch', [${JSON.stringify(marks[1])}]); } catch {}`,
    '  return 1;',
    '}',
    '',
  ].join('\n');
  const TEST = [
    "import { expect, it } from 'vitest';",
    "import { price } from '../src/evil';",
    "it('prices', () => { expect(price()).toBe(1); });",
    '',
  ].join('\n');

  afterAll(() => marks.forEach((m) => rmSync(m, { force: true })));

  it('leaves no file on the host, written or made by a process it starts', async () => {
    const run = await runBesideFixture(
      new Map([
        ['src/evil.ts', EVIL],
        ['test/evil.test.ts', TEST],
      ]),
      'test/evil.test.ts',
      false,
    );
    // The run itself went through: the attack failed inside the sandbox, not the runner.
    expect(run.status).toBe('ran');
    expect(marks.map((m) => existsSync(m))).toEqual([false, false]);
  }, 180_000);
});
