import path from 'node:path';
import type { SuiteSummary } from '../../src/cli/commands/suite-command';
import { runAttest } from '../helpers/attest-bin';
import { commitAll } from '../helpers/git';
import { addUnloadableVitestTest, copyNativeVitestFixture, tempDir } from '../helpers/temp-dir';

/**
 * `attest suite`: the repository's own suite with the mutants of all its code, under the runner
 * that judges candidates, as a user runs it to see what the added-value gate compares with.
 */
describe('attest suite', () => {
  it("runs a vitest suite in the repository's own vitest, names the file that cannot load, and reuses the rest", async () => {
    const repo = copyNativeVitestFixture();
    const data = tempDir();
    try {
      addUnloadableVitestTest(repo.path);
      commitAll(repo.path);
      const suite = async () => {
        const run = await runAttest(['suite', repo.path, '--json'], {
          ATTEST_DATA_DIR: data.path,
        });
        if (run.code !== 0) throw new Error(run.stderr);
        return JSON.parse(run.stdout) as SuiteSummary;
      };
      const first = await suite();
      expect(first).toMatchObject({
        runner: 'vitest',
        files: 3,
        loaded: 2,
        unloadable: [
          {
            file: 'test/broken.test.ts',
            reason: expect.stringMatching(/src\/gone/),
          },
        ],
        reused: 0,
      });
      expect(first.codeFiles).toContain('src/price.ts');
      expect(first.killed).toBeGreaterThan(0);
      expect(first.killed).toBeLessThan(first.mutants);
      // The same content again: every file's results come from the cache, with the same kills.
      const second = await suite();
      expect(second).toMatchObject({ reused: 3, runMs: 0, killed: first.killed, loaded: 2 });
    } finally {
      repo.dispose();
      data.dispose();
    }
  }, 300_000);

  it('says in one line what was wrong with a repository that is not there', async () => {
    const data = tempDir();
    try {
      const run = await runAttest(['suite', path.join(data.path, 'nowhere')], {
        ATTEST_DATA_DIR: data.path,
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^attest: .*nowhere/);
    } finally {
      data.dispose();
    }
  }, 60_000);
});
