import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunnerStep } from '../../../src/core/verification';
import { verifyCandidates } from '../../../src/verify/verification';
import { givenFiles, runnerSettings } from '../../helpers/factories';
import { writeNpmLock } from '../../helpers/locked-package';
import { copyFixture, FIXTURES, tempDir } from '../../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

describe("the existing suite's results, cached per snapshot and lock", () => {
  it('are computed once, and the next verification of the same snapshot gives the same verdicts from the cache', async () => {
    const cache = tempDir();
    const request = {
      root: REPO,
      files: [
        'package.json',
        'src/math.ts',
        'test/math.test.ts',
        'candidates/good.candidate.ts',
        'candidates/redundant.candidate.ts',
      ],
      codeFiles: ['src/math.ts'],
      candidates: givenFiles('candidates/good.candidate.ts', 'candidates/redundant.candidate.ts'),
      existingTests: ['test/math.test.ts'],
      packageName: null,
    };
    const decisions = (verdicts: { name: string; status: string; gate: string | null }[]) =>
      verdicts.map((v) => [v.name, v.status, v.gate]);
    try {
      const heard: RunnerStep[] = [];
      const first = await verifyCandidates(request, runnerSettings(cache.path), (step) =>
        heard.push(step),
      );
      // Each gate is a step of the batch, and the suite's run, the long one, is heard as its
      // batches end, with its count of files.
      const inMutation = heard.filter((s) => / under its mutants$/.test(s.message));
      const gates = heard.filter((s) => s.message.startsWith('gate ') && !inMutation.includes(s));
      // Within the mutation gate, its tests as its run reaches them, the last one of all.
      expect(inMutation.at(-1)).toEqual({
        message: expect.stringMatching(/^gate mutation: test (\d+) of \1 under its mutants$/),
        done: inMutation.at(-1)?.total,
        total: expect.any(Number),
      });
      expect(gates.map((s) => [s.done, s.total])).toEqual(gates.map((_, i) => [i, gates.length]));
      expect(gates.map((s) => s.message.split(':')[0])).toEqual([
        'gate static',
        'gate compile',
        'gate pass',
        'gate stable',
        'gate hollow',
        'gate mutation',
        'gate added-value',
      ]);
      expect(gates[0]?.message).toBe('gate static: 2 candidate files');
      // The redundant test stands until the last gate, which rejects it.
      expect(gates[6]?.message).toMatch(/^gate added-value: [1-9]\d* tests standing$/);
      expect(heard).toContainEqual({
        message: "the repository's suite: 1 of 1 test files run with the mutants",
        done: 1,
        total: 1,
      });
      const second = await verifyCandidates(request, runnerSettings(cache.path));
      expect([first.suiteCache, second.suiteCache]).toEqual(['miss', 'hit']);
      expect(decisions(second.verdicts)).toEqual(decisions(first.verdicts));
      expect(decisions(first.verdicts)).toContainEqual([
        'adds small numbers again',
        'rejected',
        'added-value',
      ]);
      const uncached = await verifyCandidates(request, runnerSettings(null));
      expect(uncached.suiteCache).toBe('off');
    } finally {
      cache.dispose();
    }
  }, 180_000);

  it('are kept per test file: a change to one file re-runs that file alone, and its kills still count right', async () => {
    const repo = copyFixture('verify-repo');
    const cache = tempDir();
    // Both files notice the same mutants of add; each mutant's run stops at the first of them.
    const write = (file: string, body: string) =>
      writeFileSync(
        path.join(repo.path, file),
        `import { add } from '../src/math';\n\nit('adds', () => {\n${body}\n});\n`,
      );
    write('test/more.test.ts', '  expect(add(2, 5)).toBe(7);');
    // A lock with every dependency from the registry (none): the install does not depend on
    // the tests' content, so neither does a file's key.
    writeNpmLock(repo.path, { name: 'verify-repo', version: '1.0.0' });
    const request = {
      root: repo.path,
      files: [
        'package.json',
        'package-lock.json',
        'src/math.ts',
        'test/math.test.ts',
        'test/more.test.ts',
        'candidates/good.candidate.ts',
      ],
      codeFiles: ['src/math.ts'],
      candidates: givenFiles('candidates/good.candidate.ts'),
      existingTests: ['test/math.test.ts', 'test/more.test.ts'],
      packageName: null,
    };
    const suiteOf = async (settings: ReturnType<typeof runnerSettings>) => {
      const run = await verifyCandidates(request, settings);
      return { cache: run.suiteCache, ...run.suite!, killed: [...run.suite!.killed].sort() };
    };
    try {
      const first = await suiteOf(runnerSettings(cache.path));
      expect(first).toMatchObject({ cache: 'miss', files: 2, reused: 0 });
      expect(first.killed.length).toBeGreaterThan(0);
      expect(await suiteOf(runnerSettings(cache.path))).toMatchObject({
        cache: 'hit',
        reused: 2,
        runMs: 0,
        killed: first.killed,
      });
      // One file now asserts nothing: the other, reused, must answer for every mutant it
      // reaches, including those it skipped because the changed one had noticed them first.
      // Each file in turn, since either may have run first.
      write('test/more.test.ts', '  add(2, 5);');
      const moreChanged = await suiteOf(runnerSettings(cache.path));
      expect(moreChanged).toMatchObject({ cache: 'miss', reused: 1 });
      expect(moreChanged.killed).toEqual((await suiteOf(runnerSettings(null))).killed);
      expect(moreChanged.killed).toEqual(first.killed);
      write('test/more.test.ts', '  expect(add(2, 5)).toBe(7);');
      write('test/math.test.ts', '  add(1, 2);');
      const mathChanged = await suiteOf(runnerSettings(cache.path));
      expect(mathChanged).toMatchObject({ cache: 'miss', reused: 1 });
      expect(mathChanged.killed).toEqual((await suiteOf(runnerSettings(null))).killed);
      expect(mathChanged.killed).toEqual(first.killed);
    } finally {
      cache.dispose();
      repo.dispose();
    }
  }, 300_000);

  it('are kept by what a file can load: a change to one module re-runs only the files that load it', async () => {
    const repo = copyFixture('verify-repo');
    const cache = tempDir();
    writeFileSync(
      path.join(repo.path, 'test/units.test.ts'),
      "import { total } from '../src/units';\n\nit('totals', () => {\n  expect(total([1, 2])).toBe(3);\n});\n",
    );
    const request = {
      root: repo.path,
      files: [
        'package.json',
        'src/units.ts',
        'src/math.ts',
        'test/math.test.ts',
        'test/units.test.ts',
        'candidates/good.candidate.ts',
      ],
      // units.ts first: a change to it renumbers math.ts's mutants.
      codeFiles: ['src/units.ts', 'src/math.ts'],
      candidates: givenFiles('candidates/good.candidate.ts'),
      existingTests: ['test/math.test.ts', 'test/units.test.ts'],
      packageName: null,
    };
    const suiteOf = async (settings: ReturnType<typeof runnerSettings>) => {
      const run = await verifyCandidates(request, settings);
      const where = new Map(run.mutants.map((m) => [m.id, `${m.file}:${m.line} ${m.replacement}`]));
      return { ...run.suite!, killed: run.suite!.killed.map((id) => where.get(id)!).sort() };
    };
    try {
      expect(await suiteOf(runnerSettings(cache.path))).toMatchObject({ files: 2, reused: 0 });
      const units = path.join(repo.path, 'src/units.ts');
      writeFileSync(
        units,
        `export const half = (n: number): number => n / 2;\n${readFileSync(units, 'utf8')}`,
      );
      const changed = await suiteOf(runnerSettings(cache.path));
      // math.test.ts cannot load units.ts: its results are reused, by its mutants' new ids.
      expect(changed).toMatchObject({ files: 2, reused: 1 });
      expect(changed.killed).toEqual((await suiteOf(runnerSettings(null))).killed);
      expect(changed.killed.some((k) => k.startsWith('src/math.ts'))).toBe(true);
    } finally {
      cache.dispose();
      repo.dispose();
    }
  }, 300_000);
});
