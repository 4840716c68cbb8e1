import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceParser } from '../../src/understand/source-parser';
import { runJest } from '../../src/verify/jest-execution';
import { instrument } from '../../src/verify/mutation/instrumenter';
import { RunnerWorkspace } from '../../src/verify/runner-workspace';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

/** A mutation run of test files in a workspace, with the limits these tests use. */
async function mutationRun(root: string, files: string[]) {
  const run = await runJest({
    files,
    workspace: root,
    timeoutMs: 60_000,
    testTimeoutMs: 5_000,
    memoryMb: 512,
    mutation: { perMutantTimeoutMs: 1_000 },
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
    const instrumented = instrument(
      readFileSync(path.join(REPO, 'src/math.ts'), 'utf8'),
      'src/math.ts',
      'typescript',
      new SourceParser(),
    );
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
    const all = await runJest({ ...options, mutation: { perMutantTimeoutMs: 1_000 } });
    if (all.status !== 'ran') throw new Error(JSON.stringify(all));
    const covered = all.mutation.get({ file, name })!.covered;
    expect(covered.length).toBeGreaterThan(2);
    const chosen = [covered[0]!, covered[2]!];
    const some = await runJest({
      ...options,
      mutation: { perMutantTimeoutMs: 1_000, slowdown: 3, only: chosen },
    });
    if (some.status !== 'ran') throw new Error(JSON.stringify(some));
    expect([...some.mutation.get({ file, name })!.outcomes.keys()]).toEqual(chosen);
  });
});

describe('a mutant that makes a loop endless', () => {
  it('is stopped at the turn limit and recorded as endless, which needs no re-check', async () => {
    const code =
      'function countTo(n) {\n  let i = 0;\n  while (i < n) i += 1;\n  return i;\n}\nmodule.exports = { countTo };\n';
    const instrumented = instrument(code, 'src/count.js', 'javascript', new SourceParser());
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
      const run = await mutationRun(workspace.root, ['candidates/count.candidate.js']);
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
