import { readFileSync } from 'node:fs';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { commitAll } from '../helpers/git';
import { copyFixture, tempDir } from '../helpers/temp-dir';

/**
 * Tier 0 on docs written as real libraries write them (test/fixtures/docs-repo): an example
 * whose text is no regular expression, JSDoc above a blank line and on overloads, results
 * printed unquoted or with printed backslashes, a README and its translation stating the same
 * examples, an import from a subpath, chained calls, decimals, and a console loop.
 */
describe('attest run on the docs of a real library', () => {
  let report: Report;
  let patch: string;
  let stdout: string;

  beforeAll(async () => {
    const repo = copyFixture('docs-repo');
    const data = tempDir();
    try {
      commitAll(repo.path);
      const run = await runAttest(['run', repo.path], { ATTEST_DATA_DIR: data.path });
      expect(run.stderr).not.toMatch(/unexpected failure/);
      expect(run.code).toBe(0);
      stdout = run.stdout;
      const reportJson = /report\s+(\S+)report\.md/.exec(stdout)![1]! + 'report.json';
      report = JSON.parse(readFileSync(reportJson, 'utf8')) as Report;
      patch = readFileSync(reportJson.replace('report.json', 'tests.patch'), 'utf8');
    } finally {
      repo.dispose();
      data.dispose();
    }
  }, 300_000);

  it('reports only the true conflicts, each once, with every place that states it', () => {
    const conflict = (target: string) => report.conflicts.find((c) => c.target === target)!;
    expect(report.conflicts.map((c) => [c.target, c.expected, c.actual]).sort()).toEqual([
      ['accent', "'é'", "'e\u0301'"],
      ['pad', "'23'", "'123'"],
      ['range', '[0, -1]', '[]'],
    ]);
    expect(conflict('range').differences).toEqual([
      'the docs list 2 element(s), the code gives 0.',
    ]);
    expect(conflict('pad').places!.map((p) => `${p.file}:${p.line}`)).toEqual([
      'README.md:55',
      'docs/zh/README.md:16',
    ]);
    expect(conflict('accent').differences).toEqual([
      'the strings differ only in Unicode normalisation: the docs write é, the code gives e + U+0301.',
    ]);
    expect(stdout).toContain('also stated at docs/zh/README.md:16');
    // parseHost's value has a symbol key that no printout shows: not a conflict a reader could see.
    expect(report.conflicts.some((c) => c.target === 'parseHost')).toBe(false);
  });

  it('accepts the examples real docs state: subpaths, chains, decimals, printed strings, overloads', () => {
    const accepted = report.tests.filter((t) => t.status === 'accepted').map((t) => t.name);
    expect(accepted).toEqual(
      expect.arrayContaining([
        'range > README.md:29 range(-4) returns [0, -1, -2, -3]',
        "paint > README.md:37 paint('#000').lighten(0.5).toHex() returns '#808080'",
        'average > README.md:47 average([49.236, 49.244]) returns 49.24',
        "snake > README.md:10 snake('green fish') returns 'green_fish'",
        "pad > src/pad.ts:4 pad(7) returns '07'",
        "pad > src/pad.ts:10 pad('7', 3) returns '007'",
      ]),
    );
    expect(accepted.some((n) => n.startsWith('escapeMarkdown >'))).toBe(true);
  });

  it('writes one test for an example stated in several places, citing each', () => {
    const snake = report.tests.find((t) => t.name.includes("snake('a b')"))!;
    expect(snake.requirementIds).toHaveLength(2);
    expect(report.tests.filter((t) => t.name.includes("snake('a b')"))).toHaveLength(1);
    expect(report.examples.distinct).toBeLessThan(report.examples.found);
  });

  it('counts the example it could not read, with why, and never stops the job', () => {
    expect(report.examples.skipped).toEqual([
      expect.objectContaining({
        file: 'src/pick.ts',
        reason: expect.stringMatching(/^its stated result is prose/),
      }),
    ]);
  });

  it('delivers tests with no logging, no unused helper and no leftover calls', () => {
    expect(patch).not.toMatch(/console\.log|fresh[A-Z]\w*\(|pick\(items/);
  });
});
