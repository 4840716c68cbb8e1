import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pushBranch } from '../../src/deliver/push-branch';
import { commitAll, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

describe(pushBranch.name, () => {
  const dir = tempDir();
  afterAll(() => dir.dispose());

  it('pushes a branch to a remote under the name asked for', async () => {
    writeFileSync(path.join(dir.path, 'a.txt'), 'a\n');
    commitAll(dir.path);
    const remote = path.join(path.dirname(dir.path), `${path.basename(dir.path)}-remote.git`);
    git(dir.path, 'init', '-q', '--bare', remote);
    const result = await pushBranch({
      repository: dir.path,
      branch: 'main',
      url: `file://${remote}`,
      remoteBranch: 'attest/one',
    });
    expect(result).toEqual({ pushed: true });
    expect(git(remote, 'rev-parse', 'attest/one')).toBe(git(dir.path, 'rev-parse', 'main'));
  });

  it('answers why a push failed, without the token', async () => {
    const result = await pushBranch({
      repository: dir.path,
      branch: 'main',
      url: 'https://127.0.0.1:1/owner/repo.git',
      remoteBranch: 'attest/two',
      token: 'secret-token-123',
    });
    expect(result.pushed).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret-token-123');
    expect(result.pushed === false && result.reason).toMatch(/127\.0\.0\.1/);
  });
});
