import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceParser } from '../../src/understand/source-parser';
import { runJest } from '../../src/verify/jest-execution';
import { instrument } from '../../src/verify/mutation/instrument';
import { RunnerWorkspace } from '../../src/verify/runner-workspace';
import { expectFirstKillOnly, noticedCounts } from '../helpers/noticed';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');
/** The nonce of the runner's globals in these copies, as a verification makes one. */
const NONCE = 'c0ffee';

/** The fixture's src/math.ts with every mutant behind the switch. */
function instrumentedMath() {
  const text = readFileSync(path.join(REPO, 'src/math.ts'), 'utf8');
  return instrument(text, 'src/math.ts', 'typescript', new SourceParser(), 1, NONCE);
}

/** A mutation run of test files in a workspace, with the limits these tests use. */
async function mutationRun(root: string, files: string[], code = ['src/math.ts']) {
  const run = await runJest({
    files,
    workspace: root,
    timeoutMs: 60_000,
    testTimeoutMs: 5_000,
    memoryMb: 512,
    mutation: { perMutantTimeoutMs: 1_000, nonce: NONCE, code },
  });
  if (run.status !== 'ran') throw new Error(JSON.stringify(run));
  return run;
}

describe('mutant switching through Jest', () => {
  let workspace: RunnerWorkspace;
  let mutants: ReturnType<typeof instrument>['mutants'];
  beforeAll(async () => {
    workspace = await RunnerWorkspace.create(REPO, [
      'package.json',
      'src/math.ts',
      'candidates/good.candidate.ts',
      'candidates/smoke.candidate.ts',
    ]);
    const instrumented = instrumentedMath();
    mutants = instrumented.mutants;
    await workspace.writeFile('src/math.ts', instrumented.text);
  });
  afterAll(() => workspace.dispose());

  it('kills by assertion the mutants a good test notices, and only crashes or survives the rest', async () => {
    const run = await mutationRun(workspace.root, [
      'candidates/good.candidate.ts',
      'candidates/smoke.candidate.ts',
    ]);
    expect(run.tests.every((t) => t.status === 'passed')).toBe(true);
    const killedBy = (file: string, name: string) => {
      const result = run.mutation.get({ file, name });
      if (!result)
        throw new Error(
          `no mutation result for ${name}: have ${JSON.stringify([...run.mutation.entries()].map(([t]) => t))}`,
        );
      return {
        covered: result.covered,
        killed: [...result.outcomes].filter(([, o]) => o === 'killed').map(([id]) => id),
        outcomes: result.outcomes,
      };
    };
    const below = killedBy(
      'candidates/good.candidate.ts',
      'clamp > raises a value below the range to the minimum',
    );
    const lessThan = mutants
      .filter((m) => m.line === 6 && m.replacement === 'true')
      .map((m) => m.id);
    expect(below.covered.length).toBeGreaterThan(0);
    expect(below.killed.length).toBeGreaterThan(0);
    expect(below.killed).not.toEqual(expect.arrayContaining(lessThan));

    const smoke = killedBy('candidates/smoke.candidate.ts', 'calls clamp without asserting');
    expect(smoke.covered.length).toBeGreaterThan(0);
    expect(smoke.killed).toEqual([]);
    const thrower = killedBy(
      'candidates/smoke.candidate.ts',
      'throws its own error when clamp changes, but asserts nothing',
    );
    expect(thrower.killed).toEqual([]);
    expect([...thrower.outcomes.values()]).toContain('crashed');
  });

  it('tries only the mutants it is asked to, as the re-check of timeouts does', async () => {
    const file = 'candidates/good.candidate.ts';
    const name = 'clamp > raises a value below the range to the minimum';
    const options = {
      files: [file],
      workspace: workspace.root,
      timeoutMs: 60_000,
      testTimeoutMs: 5_000,
      memoryMb: 512,
    };
    const all = await runJest({
      ...options,
      mutation: { perMutantTimeoutMs: 1_000, nonce: NONCE, code: ['src/math.ts'] },
    });
    if (all.status !== 'ran') throw new Error(JSON.stringify(all));
    const covered = all.mutation.get({ file, name })!.covered;
    expect(covered.length).toBeGreaterThan(2);
    const chosen = [covered[0]!, covered[2]!];
    const some = await runJest({
      ...options,
      mutation: {
        perMutantTimeoutMs: 1_000,
        nonce: NONCE,
        code: ['src/math.ts'],
        slowdown: 3,
        only: chosen,
      },
    });
    if (some.status !== 'ran') throw new Error(JSON.stringify(some));
    expect([...some.mutation.get({ file, name })!.outcomes.keys()]).toEqual(chosen);
  });

  it("stops a mutant at the first test that notices it, for the repository's suite, and loses no kill", async () => {
    const files = ['candidates/good.candidate.ts', 'candidates/smoke.candidate.ts'];
    const mutation = { perMutantTimeoutMs: 1_000, nonce: NONCE, code: ['src/math.ts'] };
    const all = await mutationRun(workspace.root, files);
    const first = await runJest({
      files,
      workspace: workspace.root,
      timeoutMs: 60_000,
      testTimeoutMs: 5_000,
      memoryMb: 512,
      mutation: { ...mutation, firstKill: true },
    });
    if (first.status !== 'ran') throw new Error(JSON.stringify(first));
    expectFirstKillOnly(noticedCounts(all.mutation), noticedCounts(first.mutation));
  });
});

describe('a mutant that makes a loop endless', () => {
  it('is stopped at the turn limit and recorded as endless, which needs no re-check', async () => {
    const code =
      'function countTo(n) {\n  let i = 0;\n  while (i < n) i += 1;\n  return i;\n}\nmodule.exports = { countTo };\n';
    const instrumented = instrument(
      code,
      'src/count.js',
      'javascript',
      new SourceParser(),
      1,
      NONCE,
    );
    const test =
      "const { countTo } = require('../src/count');\ntest('counts to three', () => expect(countTo(3)).toBe(3));\n";
    const workspace = await RunnerWorkspace.create(
      REPO,
      ['package.json'],
      new Map([
        ['src/count.js', instrumented.text],
        ['candidates/count.candidate.js', test],
      ]),
    );
    try {
      const run = await mutationRun(
        workspace.root,
        ['candidates/count.candidate.js'],
        ['src/count.js'],
      );
      const outcomes = run.mutation.get({
        file: 'candidates/count.candidate.js',
        name: 'counts to three',
      })!.outcomes;
      const always = instrumented.mutants.find(
        (m) => m.line === 3 && m.mutator === 'ConditionalExpression' && m.replacement === 'true',
      )!;
      expect(outcomes.get(always.id)).toBe('endless');
      const never = instrumented.mutants.find(
        (m) => m.line === 3 && m.mutator === 'ConditionalExpression' && m.replacement === 'false',
      )!;
      expect(outcomes.get(never.id)).toBe('killed');
    } finally {
      await workspace.dispose();
    }
  });
});

describe('the verdict channel', () => {
  let workspace: RunnerWorkspace;
  beforeAll(async () => {
    const instrumented = instrumentedMath();
    workspace = await RunnerWorkspace.create(
      REPO,
      ['package.json'],
      new Map([
        ['src/math.ts', instrumented.text],
        [
          // Writes its own "killed" records where the runner reads, the socket it was given.
          'candidates/forger.candidate.ts',
          [
            "import { writeSync } from 'fs';",
            "import { add } from '../src/math';",
            "it('adds', () => { expect(add(1, 2)).toBe(3); });",
            'afterAll(() => {',
            "  const forged = { kind: 'outcome', file: __filename, test: 'adds', mutant: 1, outcome: 'killed' };",
            "  writeSync(3, `99 ${'0'.repeat(64)} ${JSON.stringify(forged)}\\n`);",
            '});',
          ].join('\n'),
        ],
        [
          // Finds the switch by listing the global's names, asks it whether any mutant is on,
          // and then expects a wrong value: it would kill every mutant it reaches.
          'candidates/switch-reader.candidate.ts',
          [
            "import { clamp } from '../src/math';",
            'const g = globalThis as unknown as Record<string, { mutant(id: number): boolean }>;',
            "const probes = g[Object.getOwnPropertyNames(g).find((n) => n.endsWith('Switch'))!]!;",
            "it('clamps', () => {",
            '  let on = false;',
            '  for (let id = 1; id < 100; id += 1) on = probes.mutant(id) || on;',
            '  expect(clamp(5, 0, 10)).toBe(on ? 6 : 5);',
            '});',
          ].join('\n'),
        ],
        [
          // Passes its first two runs and then fails before it calls the code: its failure
          // under a mutant cannot come from that mutant.
          'candidates/third-run-fails.candidate.ts',
          [
            "import { clamp } from '../src/math';",
            'let runs = 0;',
            "it('clamps', () => {",
            '  runs += 1;',
            '  expect(runs).toBeLessThan(3);',
            '  expect(clamp(5, 0, 10)).toBe(5);',
            '});',
          ].join('\n'),
        ],
      ]),
    );
  });
  afterAll(() => workspace.dispose());

  it('rejects a run whose test wrote a record of its own onto the channel', async () => {
    const run = await runJest({
      files: ['candidates/forger.candidate.ts'],
      workspace: workspace.root,
      timeoutMs: 60_000,
      testTimeoutMs: 5_000,
      memoryMb: 512,
      mutation: { perMutantTimeoutMs: 1_000, nonce: NONCE, code: ['src/math.ts'] },
    });
    expect(run.status).toBe('crashed');
    expect(run.status === 'crashed' && run.message).toMatch(
      /record that Attest's reporter did not write/,
    );
  });

  it('puts the run’s nonce in the name of the switch the instrumented code reads', () => {
    expect(readFileSync(path.join(workspace.root, 'src/math.ts'), 'utf8')).toContain(
      `globalThis.__attest${NONCE}Switch`,
    );
  });

  it('never tells a test which mutant is on, and records that it asked', async () => {
    const run = await mutationRun(workspace.root, ['candidates/switch-reader.candidate.ts']);
    const result = run.mutation.get({
      file: 'candidates/switch-reader.candidate.ts',
      name: 'clamps',
    })!;
    expect(result.asked).toBe(true);
    // Told "off" every time, it checked the real value: mutants it reached survived or died
    // on their merits, never all of them through its switched bound.
    expect([...result.outcomes.values()]).toContain('survived');
  });

  it('marks as impossible a failure under a mutant whose code that run never reached', async () => {
    const run = await mutationRun(workspace.root, ['candidates/third-run-fails.candidate.ts']);
    const result = run.mutation.get({
      file: 'candidates/third-run-fails.candidate.ts',
      name: 'clamps',
    })!;
    expect(result.covered.length).toBeGreaterThan(0);
    expect(result.impossible).toEqual(result.covered);
    expect(result.asked).toBeUndefined();
    expect([...result.outcomes.values()]).not.toContain('killed');
  });
});
