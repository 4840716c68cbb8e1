import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { STAGES } from '../../src/pipeline/progress';
import { BIN, runAttest } from '../helpers/attest-bin';
import { commitAll, git } from '../helpers/git';
import { copyFolder, tempDir } from '../helpers/temp-dir';

const TEXTKIT = path.join(__dirname, '..', '..', 'examples', 'textkit');

interface Summary {
  jobId: string;
  accepted: number;
  selected: number;
  conflicts: number;
  costUsd: number;
  repository: string;
  branch: string;
  commit: string;
  reportJson: string;
  patch: string;
}

describe('attest run, tier 0 alone', () => {
  let repo: { path: string; dispose: () => void };
  let data: { path: string; dispose: () => void };
  let summary: Summary;
  let report: Report;
  let stderr: string;

  beforeAll(async () => {
    repo = copyFolder(TEXTKIT);
    data = tempDir();
    commitAll(repo.path);
    const run = await runAttest(['run', repo.path, '--json'], { ATTEST_DATA_DIR: data.path });
    expect(run.stderr).not.toMatch(/unexpected failure/);
    expect(run.code).toBe(0);
    stderr = run.stderr;
    summary = JSON.parse(run.stdout) as Summary;
    report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
  }, 300_000);

  afterAll(() => {
    repo.dispose();
    data.dispose();
  });

  it('accepts the stated examples as tests that cite their requirement, at no cost', () => {
    const accepted = report.tests.filter((t) => t.status === 'accepted');
    expect(accepted.length).toBeGreaterThanOrEqual(30);
    expect(summary.costUsd).toBe(0);
    const camel = accepted.find((t) => t.name.endsWith("camelCase('foo-bar') returns 'fooBar'"))!;
    expect(camel.origin).toBe('examples');
    expect(camel.file).toBe('test/attest/strings.camelCase.examples.test.ts');
    const cited = report.requirements.find((r) => r.id === camel.requirementIds[0])!;
    expect(cited).toMatchObject({ file: 'README.md', line: 12 });
  });

  it('reports the planted requirement conflict with what the docs say and what the code gives', () => {
    expect(report.conflicts).toEqual([
      {
        requirementId: expect.stringMatching(/^doc-/),
        target: 'ordinal',
        file: 'README.md',
        line: 162,
        call: 'ordinal(11)',
        expected: "'11th'",
        // Printed as the docs print their value, with what differs.
        actual: "'11st'",
        differences: ["the strings part at character 3: the docs have '11th', the code '11st'."],
        places: [{ requirementId: expect.stringMatching(/^doc-/), file: 'README.md', line: 162 }],
        echoedBy: [],
      },
    ]);
    expect(report.tests.find((t) => t.status === 'conflict')?.name).toMatch(/ordinal\(11\)/);
  });

  it('commits only the selected tests on attest/<job-id>, never in the work tree or the current branch', () => {
    expect(summary.repository).toBe(repo.path);
    expect(summary.branch).toBe(`attest/${summary.jobId}`);
    expect(git(repo.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    // The reports in .attest/ are ignored by the folder's own .gitignore: the tree stays clean.
    expect(git(repo.path, 'status', '--porcelain')).toBe('');
    expect(summary.reportJson.startsWith(path.join(repo.path, '.attest', summary.jobId))).toBe(
      true,
    );
    const files = git(repo.path, 'show', '--name-only', '--format=', summary.branch).split('\n');
    expect(files).toHaveLength(
      new Set(report.tests.filter((t) => t.selected).map((t) => t.file)).size,
    );
    const ordinal = git(
      repo.path,
      'show',
      `${summary.branch}:test/attest/numbers.ordinal.examples.test.ts`,
    );
    expect(ordinal).toContain("expect(ordinal(1)).toBe('1st');");
    expect(ordinal).not.toContain('ordinal(11)');
    expect(ordinal).toMatch(/\/\/ requirement: doc-\w+\n\s+it\(/);
  });

  it('measures the statements of the targeted code that the kept tests run', () => {
    const slugify = report.targets.find((t) => t.name === 'slugify')!;
    expect(slugify.statements).toBeGreaterThan(0);
    expect(slugify.statementsCovered).toBeGreaterThan(0);
    expect(report.totals.statementsCovered).toBeLessThanOrEqual(report.totals.statements);
    expect(report.totals.statementCoverage).toBe(
      report.totals.statementsCovered / report.totals.statements,
    );
  });

  it('gives the mutation score on the code of the targets whose requirements state examples', () => {
    const stated = report.targets.filter((t) => t.examples > 0);
    expect(stated.length).toBeGreaterThan(0);
    const { examples } = report.totals;
    expect(examples.mutants).toBeGreaterThanOrEqual(Math.max(...stated.map((t) => t.mutants)));
    expect(examples.mutants).toBeLessThanOrEqual(report.totals.mutants);
    expect(examples.mutantsKilled).toBeLessThanOrEqual(report.totals.mutantsKilled);
    expect(examples.statementsCovered).toBeLessThanOrEqual(examples.statements);
  });

  it('writes a patch that applies to the original commit', () => {
    const patch = readFileSync(summary.patch, 'utf8');
    expect(patch).toContain('+++ b/test/attest/numbers.ordinal.examples.test.ts');
    git(repo.path, 'apply', '--check', summary.patch);
  });

  it('reports progress on stderr, one plain line per stage when stderr is no terminal', () => {
    expect(stderr).toMatch(/^attest: acquire: /m);
    expect(stderr).toMatch(/^attest: verify: batch 1: \d+ candidate files$/m);
    expect(stderr).toMatch(/^attest: report: /m);
  });
});

/** The verify bar as a terminal showed it, each distinct state once: its fill and its words. */
function verifyBarStates(screen: string): string[] {
  const states = new Set<string>();
  // cli-progress redraws in place: each state lies between carriage returns and cursor moves.
  // eslint-disable-next-line no-control-regex -- a terminal's escape sequences
  for (const piece of screen.split(/\r|\n|\x1b\[[0-9;]*[A-Za-z]/)) {
    const bar = /verify\s+([\u2588\u2591]{20}) (.*)/.exec(piece);
    if (bar) states.add(`${bar[1]} ${bar[2]!.trim()}`);
  }
  return [...states];
}

describe('attest run on a terminal', () => {
  it('draws a bar per stage on stderr that moves through verify step by step, each full at the end, and prints the summary', () => {
    const repo = copyFolder(TEXTKIT);
    const data = tempDir();
    try {
      commitAll(repo.path);
      // util-linux `script` gives the real bin a pseudo-terminal of a known width.
      const command = `stty cols 120 rows 40; ${process.execPath} ${BIN} run ${repo.path}`;
      const run = spawnSync('script', ['-qec', command, '/dev/null'], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ATTEST_DATA_DIR: data.path,
        },
      });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe(0);
      for (const stage of STAGES) expect(run.stdout).toMatch(new RegExp(`${stage}\\s+\u2588{20} `));
      // Verify moves by real counts: the gates of each batch, then the tests under their mutants.
      const states = verifyBarStates(run.stdout);
      expect(states.length).toBeGreaterThanOrEqual(10);
      expect(new Set(states.map((state) => state.split(' ')[0])).size).toBeGreaterThanOrEqual(6);
      expect(states).toEqual(
        expect.arrayContaining([expect.stringMatching(/ gate mutation: test \d+ of \d+ /)]),
      );
      expect(run.stdout).not.toMatch(/attest: plan: /);
      expect(run.stdout).toMatch(/tests\s+\d+ accepted of \d+ candidates/);
      // The delivery check (a copy of textkit has no node_modules), and how to take the tests:
      // the branch to merge where it is, and how to drop it.
      expect(run.stdout).toMatch(/check\s+skipped, the repository has no jest installed/);
      expect(run.stdout).toMatch(
        new RegExp(
          `next\\s+git -C ${repo.path} merge attest/[\\w-]+, or git am \\S+tests\\.patch in your checkout`,
        ),
      );
      expect(run.stdout).toMatch(
        new RegExp(`next\\s+drop the branch with git -C ${repo.path} branch -D attest/`),
      );
    } finally {
      repo.dispose();
      data.dispose();
    }
  }, 180_000);
});

describe('attest run on a folder that is not the root of a repository', () => {
  it('snapshots the folder into a repository in the data directory and branches there', async () => {
    const outer = tempDir();
    const data = tempDir();
    try {
      const inner = path.join(outer.path, 'examples');
      copyFolderInto(TEXTKIT, inner);
      commitAll(outer.path);
      const folder = path.join(inner, 'textkit');
      const run = await runAttest(['run', folder, '--json', '--targets', 'camelCase'], {
        ATTEST_DATA_DIR: data.path,
      });
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary.repository.startsWith(path.join(data.path, 'snapshots'))).toBe(true);
      expect(git(summary.repository, 'show', '--name-only', '--format=', summary.branch)).toBe(
        'test/attest/strings.camelCase.examples.test.ts',
      );
      expect(git(outer.path, 'branch', '--list', 'attest/*')).toBe('');
    } finally {
      outer.dispose();
      data.dispose();
    }
  }, 120_000);
});

function copyFolderInto(source: string, parent: string): void {
  cpSync(source, path.join(parent, path.basename(source)), { recursive: true });
}
