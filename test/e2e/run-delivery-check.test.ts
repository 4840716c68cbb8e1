import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { commitAll, git } from '../helpers/git';
import { copyFixture, tempDir } from '../helpers/temp-dir';

/**
 * Before delivery, the kept tests run once more with the repository's own runner and config.
 * This repository's Jest config sets the greeting in a setup file, which Attest's runner does
 * not load: the greet example passes the gates and fails the team's `npm test`, so it is not
 * delivered, and the report says which command proved the rest.
 */
/**
 * Commits the repository, gives it installed dependencies (its Jest, its transform, Prettier,
 * ESLint: Attest's own node_modules, linked) and runs `attest run --json` on it.
 */
async function committedAndRun(repo: string, data: string) {
  commitAll(repo);
  symlinkSync(path.join(__dirname, '..', '..', 'node_modules'), path.join(repo, 'node_modules'));
  return runAttest(['run', repo, '--json'], { ATTEST_DATA_DIR: data });
}

/**
 * Runs Attest on own-runner-repo with an ESLint flat config of `rules` (TypeScript files), and
 * hands `check` the report, the branch and the repository.
 */
async function withEslintRules(
  rules: string,
  check: (report: Report, branch: string, repo: string) => void,
): Promise<void> {
  const repo = copyFixture('own-runner-repo');
  const data = tempDir();
  try {
    writeFileSync(
      path.join(repo.path, 'eslint.config.mjs'),
      [
        "import tseslint from 'typescript-eslint';",
        '',
        'export default [',
        `  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, rules: { ${rules} } },`,
        '];',
        '',
      ].join('\n'),
    );
    const run = await committedAndRun(repo.path, data.path);
    if (run.code !== 0) throw new Error(run.stderr);
    const summary = JSON.parse(run.stdout) as { reportJson: string; branch: string };
    check(
      JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report,
      summary.branch,
      repo.path,
    );
  } finally {
    repo.dispose();
    data.dispose();
  }
}

describe('the delivery check', () => {
  it("delivers only the tests that the repository's own runner passes", async () => {
    const repo = copyFixture('own-runner-repo');
    const data = tempDir();
    try {
      const run = await committedAndRun(repo.path, data.path);
      if (run.code !== 0) throw new Error(run.stderr);
      const summary = JSON.parse(run.stdout) as {
        reportJson: string;
        reportMd: string;
        branch: string;
      };
      const report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
      expect(report.tests.filter((t) => t.status === 'accepted').map((t) => t.target)).toEqual([
        'src/greet.ts#greet',
        'src/greet.ts#double',
      ]);
      expect(report.deliveryCheck).toEqual({
        status: 'ran',
        command: expect.stringMatching(/^npx jest --ci --runTestsByPath test\/attest\//),
        passed: 1,
        failed: [
          {
            file: 'test/attest/greet.greet.examples.test.ts',
            name: "greet > README.md:6 greet('Ada') returns 'Hello, Ada'",
            reason: expect.stringMatching(/Expected: "Hello, Ada".*Received: "Bonjour, Ada"/),
          },
        ],
        // Its node_modules has Prettier: the files were formatted as the team formats.
        formatted: { command: 'prettier --write', files: [] },
      });
      const delivered = git(repo.path, 'show', '--name-only', '--format=', summary.branch).split(
        '\n',
      );
      expect(delivered).toEqual(['test/attest/greet.double.examples.test.ts']);
      expect(readFileSync(summary.reportMd, 'utf8')).toMatch(
        /Delivery check: `npx jest [^`]*` \(the files formatted first by the repository's own `prettier --write`\) passed 1, failed 1, which were not delivered/,
      );
    } finally {
      repo.dispose();
      data.dispose();
    }
  }, 300_000);

  it("does not deliver a file that breaks the repository's own lint rules, and names the rule", async () => {
    await withEslintRules(
      "'no-restricted-syntax': ['error', { selector: \"CallExpression[callee.name='double']\", message: 'call twice instead' }]",
      (report) => {
        expect(report.deliveryCheck).toMatchObject({
          status: 'ran',
          failed: expect.arrayContaining([
            {
              file: 'test/attest/greet.double.examples.test.ts',
              name: '(file)',
              reason: expect.stringMatching(
                /^it breaks the repository's lint rules: no-restricted-syntax \(line \d+: call twice instead\)$/,
              ),
            },
          ]),
        });
        expect(report.tests.filter((t) => t.selected)).toEqual([]);
      },
    );
  }, 300_000);

  it("lets the repository's ESLint fix what Prettier leaves against its rules, and delivers the file", async () => {
    // Prettier writes double quotes; this team's lint wants single ones, which --fix writes.
    await withEslintRules("quotes: ['error', 'single']", (report, branch, repo) => {
      expect(report.deliveryCheck).toMatchObject({
        status: 'ran',
        passed: 1,
        formatted: { command: 'prettier --write, then eslint --fix' },
      });
      const delivered = git(repo, 'show', `${branch}:test/attest/greet.double.examples.test.ts`);
      expect(delivered).toMatch(/describe\('double', \(\) => \{/);
      expect(delivered).not.toContain('"');
    });
  }, 300_000);
});
