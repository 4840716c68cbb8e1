import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    commitAll(repo.path);
    // A full job, its tests merged: the repository now holds the tests Attest delivered.
    const full = await runAttest(['run', repo.path, '--json'], { ATTEST_DATA_DIR: data.path });
    expect(full.code).toBe(0);
    const { branch } = JSON.parse(full.stdout) as { branch: string };
    git(repo.path, 'merge', '-q', '--ff-only', branch);
    base = git(repo.path, 'rev-parse', 'HEAD');
    // One commit: capitalize now lower-cases the rest (its README example, and the test Attest
    // delivered for it, are now wrong), and a documented function is added.
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

  /** A diff job of the repository since `since`, through the CLI: its report. */
  async function diffJob(since: string): Promise<Report> {
    const run = await runAttest(['run', repo.path, '--json', '--changed-since', since], {
      ATTEST_DATA_DIR: data.path,
    });
    expect(run.code).toBe(0);
    const { reportJson } = JSON.parse(run.stdout) as { reportJson: string };
    return JSON.parse(readFileSync(reportJson, 'utf8')) as Report;
  }

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

  it("reports the README example the change broke, and the delivered test of it, as a conflict, and accepts the new function's example", () => {
    expect(report.conflicts.map((c) => [c.target, c.file, c.expected, c.actual])).toEqual([
      ['capitalize', 'README.md', "'Hello World'", "'Hello world'"],
    ]);
    // The test the full job delivered for that example fails on the change: listed with the
    // conflict, and left as it is (the patch neither rewrites nor deletes it).
    const delivered = 'test/attest/strings.capitalize.examples.test.ts';
    expect(report.conflicts[0]!.failingTests).toEqual([
      { file: delivered, name: expect.stringContaining("capitalize('hello World')") },
    ]);
    expect(report.changes!.deliveredTests).toEqual([
      expect.objectContaining({ file: delivered, status: 'conflict' }),
    ]);
    expect(readFileSync(report.delivery.patch!, 'utf8')).not.toContain(delivered);
    const accepted = report.tests.filter((t) => t.status === 'accepted' && t.selected);
    expect(accepted.map((t) => t.target)).toEqual(['src/strings.ts#repeatWith']);
    expect(
      readFileSync(path.join(path.dirname(report.delivery.patch!), 'report.md'), 'utf8'),
    ).toMatch(/## Changes\n\nA diff job: 2 targets of \d+ changed since `[0-9a-f]{40}`/);
  });

  it('updates the delivered test in the patch once the docs change to agree with the code', async () => {
    const readme = path.join(repo.path, 'README.md');
    writeFileSync(
      readme,
      readFileSync(readme, 'utf8').replace(
        "capitalize('hello World')).toBe('Hello World')",
        "capitalize('hello World')).toBe('Hello world')",
      ),
    );
    git(repo.path, 'commit', '-qam', 'docs: capitalize lower-cases the rest');
    const updated = await diffJob(base);
    expect(updated.conflicts).toEqual([]);
    const delivered = 'test/attest/strings.capitalize.examples.test.ts';
    expect(updated.changes!.deliveredTests).toEqual([
      expect.objectContaining({ file: delivered, status: 'updated' }),
    ]);
    // The patch rewrites the delivered test to the new statement.
    const patch = readFileSync(updated.delivery.patch!, 'utf8');
    expect(patch).toContain(`+++ b/${delivered}`);
    expect(patch).toContain("-    expect(capitalize('hello World')).toBe('Hello World');");
    expect(patch).toContain("+    expect(capitalize('hello World')).toBe('Hello world');");
    // A change to the docs alone re-judges nothing: repeatWith's test and every suite file's
    // results with the mutants are reused from the diff job before.
    expect(updated.tests.find((t) => t.target === 'src/strings.ts#repeatWith')?.reused).toBe(true);
    expect(updated.suite!.files).toBeGreaterThan(20);
    expect(updated.suite!.reused).toBe(updated.suite!.files);
  }, 120_000);

  it('removes in the patch the delivered test of a function the change removes', async () => {
    const strings = path.join(repo.path, 'src/strings.ts');
    const text = readFileSync(strings, 'utf8');
    const start = text.indexOf('/** Tells whether a text reads the same backwards');
    writeFileSync(strings, text.slice(0, start) + text.slice(text.indexOf('/** Makes a URL slug')));
    git(repo.path, 'commit', '-qam', 'drop isPalindrome');
    const after = await diffJob('HEAD~1');
    // No function is left that the change touched: its neighbour's JSDoc, below the cut, is as it was.
    expect(after.changes!.targets).toEqual([]);
    const removed = 'test/attest/strings.isPalindrome.examples.test.ts';
    expect(after.changes!.deliveredTests).toContainEqual(
      expect.objectContaining({ file: removed, status: 'removed' }),
    );
    // Only Attest's test of the removed function goes; the others stay.
    const patch = readFileSync(after.delivery.patch!, 'utf8');
    expect(patch).toMatch(new RegExp(`diff --git a/${removed} b/${removed}\\ndeleted file mode`));
    expect(patch.match(/deleted file mode/g)).toHaveLength(1);
  }, 120_000);

  it('removes in the patch the delivered tests of a module the change deletes', async () => {
    rmSync(path.join(repo.path, 'src/stack.ts'));
    const index = path.join(repo.path, 'src/index.ts');
    writeFileSync(
      index,
      readFileSync(index, 'utf8').replace("export { Stack } from './stack';\n", ''),
    );
    git(repo.path, 'commit', '-qam', 'drop the Stack');
    const after = await diffJob('HEAD~1');
    expect(after.changes!.files).toEqual(['src/index.ts', 'src/stack.ts']);
    const delivered = readdirSync(path.join(repo.path, 'test/attest'))
      .filter((f) => f.startsWith('stack.'))
      .map((f) => `test/attest/${f}`);
    expect(delivered.length).toBeGreaterThan(0);
    const deletedStack: unknown = expect.stringMatching(
      /was in src\/stack\.ts, which the change deleted$/,
    );
    expect(after.changes!.deliveredTests.map((d) => [d.file, d.status, d.why])).toEqual(
      delivered.map((file): unknown[] => [file, 'removed', deletedStack]),
    );
    const patch = readFileSync(after.delivery.patch!, 'utf8');
    expect(patch.match(/deleted file mode/g)).toHaveLength(delivered.length);
  }, 120_000);

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
