import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureCoverage } from '../../src/verify/coverage-run';
import { runnerSettings } from '../helpers/factories';
import { copyFixture, copyNativeVitestFixture, FIXTURES, tempDir } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

describe(measureCoverage.name, () => {
  it('tells the statements a test file runs from those it never reaches', async () => {
    const test = [
      "import { clamp } from '../src/math';",
      "it('clamps below', () => { expect(clamp(-5, 0, 10)).toBe(0); });",
    ].join('\n');
    const coverage = await measureCoverage(
      {
        root: REPO,
        files: ['package.json', 'src/math.ts'],
        tests: new Map([['attest/clamp.test.ts', test]]),
      },
      runnerSettings(),
    );
    const math = coverage.get('src/math.ts')!;
    const ran = (line: number) => math.find((s) => s.line === line)?.covered;
    // add (line 2) is never called; clamp's first branch (line 6) runs, its last return (line 8) does not.
    expect([ran(2), ran(6), ran(8)]).toEqual([false, true, false]);
    expect([...coverage.keys()]).not.toContain('attest/clamp.test.ts');
  });

  it('measures only the code files it is given, when given some', async () => {
    const test = "import { add } from '../src/math';\nit('adds', () => expect(add(1, 2)).toBe(3));";
    const measure = (codeFiles: string[]) =>
      measureCoverage(
        {
          root: REPO,
          files: ['package.json', 'src/math.ts'],
          tests: new Map([['attest/add.test.ts', test]]),
          codeFiles,
        },
        runnerSettings(),
      );
    expect([...(await measure(['src/math.ts'])).keys()]).toEqual(['src/math.ts']);
    expect([...(await measure(['src/elsewhere.ts'])).keys()]).toEqual([]);
  });

  it('measures nothing, rather than every statement unrun, when a test file cannot load', async () => {
    const test = "import { gone } from '../src/gone';\nit('x', () => expect(gone).toBe(1));";
    expect(
      await measureCoverage(
        {
          root: REPO,
          files: ['package.json', 'src/math.ts'],
          tests: new Map([['attest/gone.test.ts', test]]),
          // Listed, Jest would report each of its statements as never run.
          codeFiles: ['src/math.ts'],
        },
        runnerSettings(),
      ),
    ).toEqual(new Map());
  });

  it("measures in the repository's own vitest a test that only vitest loads, by the original lines", async () => {
    const repo = copyNativeVitestFixture();
    try {
      // import.meta.env and vi.mock of an alias: no Jest loads this file.
      const test = [
        "import { expect, it, vi } from 'vitest';",
        "import { withTax } from '../../src/price';",
        "vi.mock('@lib/rates', () => ({ taxRate: () => 0.1 }));",
        "it('adds the rate', () => { expect(import.meta.env.MODE).toBe('test'); expect(withTax(10)).toBe(11); });",
      ].join('\n');
      const coverage = await measureCoverage(
        {
          root: repo.path,
          files: [
            'package.json',
            'vitest.config.ts',
            'test/setup.ts',
            'lib/rates.ts',
            'src/price.ts',
          ],
          tests: new Map([['test/attest/tax.test.ts', test]]),
          codeFiles: ['src/price.ts'],
        },
        runnerSettings(),
      );
      expect([...coverage.keys()]).toEqual(['src/price.ts']);
      const price = coverage.get('src/price.ts')!;
      const ran = (line: number) => price.filter((s) => s.line === line).map((s) => s.covered);
      // withTax's guard runs but does not throw (line 5), its result does (6); later (11) never runs.
      expect([ran(5), ran(6), ran(11)]).toEqual([[true, false], [true], [false, false]]);
    } finally {
      repo.dispose();
    }
  }, 120_000);

  it('answers a second run of the same inputs from its cache, and runs again when the code changes', async () => {
    const repo = copyFixture('verify-repo');
    const cache = tempDir();
    try {
      const test =
        "import { add } from '../src/math';\nit('adds', () => expect(add(1, 2)).toBe(3));";
      const measure = () =>
        measureCoverage(
          {
            root: repo.path,
            files: ['package.json', 'src/math.ts'],
            tests: new Map([['attest/add.test.ts', test]]),
          },
          runnerSettings(cache.path),
        );
      const first = await measure();
      const entries = path.join(cache.path, 'runs', 'coverage');
      const [entry] = readdirSync(entries);
      // The kept result is what a second run of the same inputs answers: marked here, it shows.
      const kept = JSON.parse(readFileSync(path.join(entries, entry!), 'utf8')) as {
        coverage: [string, { line: number; covered: boolean }[]][];
      };
      kept.coverage.push(['src/marked.ts', [{ line: 1, covered: true }]]);
      writeFileSync(path.join(entries, entry!), JSON.stringify(kept));
      expect([...(await measure()).keys()]).toEqual([...first.keys(), 'src/marked.ts']);
      appendFileSync(path.join(repo.path, 'src/math.ts'), '\nexport const three = 3;\n');
      const changed = await measure();
      expect([...changed.keys()]).toEqual(['src/math.ts']);
      // Measured afresh: the new last line's statement is there.
      const last = Math.max(...first.get('src/math.ts')!.map((st) => st.line));
      expect(changed.get('src/math.ts')!.some((st) => st.line > last)).toBe(true);
    } finally {
      repo.dispose();
      cache.dispose();
    }
  }, 120_000);

  it('covers nothing when there is no test to run', async () => {
    expect(
      await measureCoverage({ root: REPO, files: [], tests: new Map() }, runnerSettings()),
    ).toEqual(new Map());
  });
});
