import { runJob } from '../../src/pipeline/run-job';
import { RunAborted } from '../../src/verify/run-scope';
import { aConfig } from '../helpers/config';
import { aBareRepository, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

describe('a job no longer wanted at delivery', () => {
  it('stops before the branch is made: nothing is pushed, no branch is left', async () => {
    const root = tempDir();
    try {
      const url = aBareRepository(root.path, 'unwanted');
      let asked = 0;
      const job = runJob(
        {
          source: { kind: 'url', url },
          outDir: `${root.path}/out`,
          remote: { push: true, pullRequest: false, token: undefined, githubApiUrl: undefined },
          // Asked only at delivery, after the verification ran: the cancel lands there.
          stillWanted: () => {
            asked += 1;
            return Promise.resolve(false);
          },
        },
        aConfig({ dataDir: `${root.path}/data` }),
      );
      await expect(job).rejects.toBeInstanceOf(RunAborted);
      expect(asked).toBe(1);
      expect(git(url.replace('file://', ''), 'branch', '--list', 'attest/*')).toBe('');
    } finally {
      root.dispose();
    }
  }, 120_000);
});
