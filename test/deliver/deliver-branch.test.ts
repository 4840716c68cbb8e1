import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireRepo } from '../../src/acquire/acquire-repo';
import { parseRepoSource } from '../../src/acquire/repo-source';
import { deliverBranch } from '../../src/deliver/deliver-branch';
import { aConfig } from '../helpers/config';
import { commitAll, git } from '../helpers/git';
import { copyFixture, tempDir } from '../helpers/temp-dir';

/**
 * Tests verified against a work tree with uncommitted changes are delivered on a commit of that
 * tree as it was verified, never on HEAD, and the user's work tree, index and branch stay as
 * they were.
 */
describe('delivery from a work tree with uncommitted changes', () => {
  it('cuts the branch from a commit of the tree as verified, leaving the user’s tree alone', async () => {
    const repo = copyFixture('understand-repo');
    const data = tempDir();
    try {
      const head = commitAll(repo.path);
      const math = path.join(repo.path, 'src', 'math.ts');
      writeFileSync(math, `${readFileSync(math, 'utf8')}\nexport const changed = true;\n`);
      writeFileSync(path.join(repo.path, 'src', 'added.ts'), 'export const added = 1;\n');
      const status = git(repo.path, 'status', '--porcelain');
      const acquired = await acquireRepo(
        parseRepoSource(repo.path),
        aConfig({ dataDir: data.path }),
      );
      const { snapshot } = acquired;
      expect(snapshot.dirty).toBe(true);
      const delivered = await deliverBranch({
        snapshot,
        branch: 'attest/dirty',
        files: new Map([['test/attest/x.test.ts', "it('x', () => {});\n"]]),
        message: 'tests',
        dataDir: data.path,
      });
      await acquired.dispose();
      const base = git(repo.path, 'rev-parse', 'attest/dirty^');
      expect(base).not.toBe(head);
      expect(git(repo.path, 'rev-parse', `${base}^`)).toBe(head);
      expect(git(repo.path, 'show', `${base}:src/math.ts`)).toContain(
        'export const changed = true;',
      );
      expect(git(repo.path, 'show', `${base}:src/added.ts`)).toBe('export const added = 1;');
      expect(delivered.commit).toBe(git(repo.path, 'rev-parse', 'attest/dirty'));
      expect(git(repo.path, 'rev-parse', 'HEAD')).toBe(head);
      expect(git(repo.path, 'status', '--porcelain')).toBe(status);
    } finally {
      repo.dispose();
      data.dispose();
    }
  });
});
