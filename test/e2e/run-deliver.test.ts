import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { aBareRepository, git } from '../helpers/git';
import { startGithubServer } from '../helpers/github-stub-server';
import { tempDir } from '../helpers/temp-dir';

interface Summary {
  jobId: string;
  branch: string;
  pushedTo: string | null;
  pullRequestUrl: string | null;
  deliveryNote: string | null;
  reportJson: string;
}

describe('attest run --push --pull-request: the deliver stage the service uses, from the CLI', () => {
  it("pushes the branch to the local repository's origin and opens a pull request there, which report.json names", async () => {
    const root = tempDir();
    const data = tempDir();
    const github = await startGithubServer();
    try {
      const url = aBareRepository(root.path);
      const checkout = path.join(root.path, 'checkout');
      git(root.path, 'clone', '-q', url, checkout);
      const run = await runAttest(['run', checkout, '--pull-request', '--json'], {
        ATTEST_DATA_DIR: data.path,
        GITHUB_TOKEN: 'gh-test-token',
        ATTEST_GITHUB_API_URL: github.apiUrl,
      });
      expect(run.stderr).not.toMatch(/unexpected failure/);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      const owner = path.basename(root.path);
      const pullRequestUrl = `https://github.example/${owner}/tiny/pull/7`;
      expect(summary).toMatchObject({ pushedTo: url, pullRequestUrl, deliveryNote: null });
      const report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
      expect(report.delivery).toMatchObject({
        pushedTo: url,
        remoteBranch: summary.branch,
        pullRequestUrl,
      });
      expect(git(url.replace('file://', ''), 'branch', '--list', 'attest/*')).toBe(summary.branch);
      expect(github.requests.filter((r) => r.method === 'POST')).toEqual([
        expect.objectContaining({
          path: `/repos/${owner}/tiny/pulls`,
          body: expect.objectContaining({ head: summary.branch, base: 'main' }),
        }),
      ]);
    } finally {
      await github.close();
      root.dispose();
      data.dispose();
    }
  }, 300_000);

  it('keeps the branch local and says why when the repository has no origin to push to', async () => {
    const root = tempDir();
    const data = tempDir();
    try {
      const url = aBareRepository(root.path);
      const work = path.join(root.path, 'tiny-work');
      const run = await runAttest(['run', work, '--push', '--json'], {
        ATTEST_DATA_DIR: data.path,
      });
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(summary).toMatchObject({
        pushedTo: null,
        pullRequestUrl: null,
        deliveryNote: 'the branch was not pushed: the repository has no origin remote',
      });
      expect(git(work, 'branch', '--list', 'attest/*')).toBe(summary.branch);
      expect(git(url.replace('file://', ''), 'branch', '--list', 'attest/*')).toBe('');
    } finally {
      root.dispose();
      data.dispose();
    }
  }, 300_000);
});
