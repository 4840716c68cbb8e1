import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { commitAll, git } from '../helpers/git';
import { breakCapitalize } from '../helpers/textkit-changes';
import { copyFolder, tempDir } from '../helpers/temp-dir';

const TEXTKIT = path.join(__dirname, '..', '..', 'examples', 'textkit');

/** A documented function the change adds, and its stated example. */
const ADDED = `
/**
 * Repeats a text with a separator between the copies.
 *
 * @example
 * repeatWith('ab', 3, '-') // => 'ab-ab-ab'
 */
export const repeatWith = (text: string, times: number, separator: string): string =>
  Array.from({ length: times }, () => text).join(separator);
`;

describe('attest run --changed-since: a diff job', () => {
  const repo = copyFolder(TEXTKIT);
  const data = tempDir();
  let base = '';
  let report: Report;
  let summary: { changes: Report['changes']; targets: number };

  beforeAll(async () => {
    base = commitAll(repo.path);
    // One commit: capitalize now lower-cases the rest (its README example is now wrong), and
    // a documented function is added.
    breakCapitalize(repo.path, ADDED);
    git(repo.path, 'commit', '-qam', 'capitalize lower-cases; repeatWith');
    const run = await runAttest(['run', repo.path, '--json', '--changed-since', base], {
      ATTEST_DATA_DIR: data.path,
    });
    expect(run.stderr).not.toMatch(/unexpected failure/);
    expect(run.code).toBe(0);
    summary = JSON.parse(run.stdout) as typeof summary & { reportJson: string };
    report = JSON.parse(
      readFileSync((summary as unknown as { reportJson: string }).reportJson, 'utf8'),
    ) as Report;
  }, 300_000);

  afterAll(() => {
    repo.dispose();
    data.dispose();
  });

  it('targets exactly the changed function and the added one, each with why', () => {
    expect(report.changes).toMatchObject({
      base,
      baseCommit: base,
      head: git(repo.path, 'rev-parse', 'HEAD'),
      files: ['src/strings.ts'],
    });
    expect(report.changes!.targets.map((t) => [t.name, t.why])).toEqual([
      ['capitalize', [expect.stringMatching(/^its code changed \(src\/strings\.ts:\d+-\d+\)$/)]],
      ['repeatWith', ['new: the change adds it']],
    ]);
    // Of all the targets a full job plans on textkit.
    expect(report.changes!.targetsInRepository).toBeGreaterThan(20);
    expect(report.targets.map((t) => t.name)).toEqual(['capitalize', 'repeatWith']);
  });

  it("reports the README example the change broke as a conflict, and accepts the new function's example", () => {
    expect(report.conflicts.map((c) => [c.target, c.file, c.expected, c.actual])).toEqual([
      ['capitalize', 'README.md', "'Hello World'", "'Hello world'"],
    ]);
    const accepted = report.tests.filter((t) => t.status === 'accepted' && t.selected);
    expect(accepted.map((t) => t.target)).toEqual(['src/strings.ts#repeatWith']);
    expect(
      readFileSync(path.join(path.dirname(report.delivery.patch!), 'report.md'), 'utf8'),
    ).toMatch(/## Changes\n\nA diff job: 2 targets of \d+ changed since `[0-9a-f]{40}`/);
  });

  it('refuses a base the repository does not have, in one line', async () => {
    const run = await runAttest(['run', repo.path, '--changed-since', 'no-such-branch'], {
      ATTEST_DATA_DIR: data.path,
    });
    expect(run.code).not.toBe(0);
    // Its progress lines, then one line that says what is wrong and what to pass.
    const lines = run.stderr.trim().split('\n');
    expect(lines.filter((l) => !/^attest: (acquire|understand|index): /.test(l))).toEqual([
      expect.stringMatching(
        /^attest: --changed-since no-such-branch names no commit of the repository \(nor of its origin\): pass a branch, tag or commit it has/,
      ),
    ]);
  });
});
