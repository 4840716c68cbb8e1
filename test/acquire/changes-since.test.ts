import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Git } from '../../src/acquire/git';
import { parseDiff } from '../../src/plan/changed-targets';
import { commitAll, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

describe('Git.changesSince, on a real repository', () => {
  const repo = tempDir();

  beforeAll(() => {
    mkdirSync(path.join(repo.path, 'src'));
    writeFileSync(
      path.join(repo.path, 'src', 'café.ts'),
      'export const a = 1;\nexport const b = 2;\n',
    );
    commitAll(repo.path);
  });
  afterAll(() => repo.dispose());

  it('gives the change to the work tree, non-ASCII paths as they are, untracked files as added', async () => {
    writeFileSync(
      path.join(repo.path, 'src', 'café.ts'),
      'export const a = 1;\nexport const b = 3;\n',
    );
    writeFileSync(path.join(repo.path, 'src', 'été.ts'), 'export const c = 1;\n');
    const changes = await new Git().changesSince(repo.path, 'HEAD');
    expect(changes?.commit).toBe(git(repo.path, 'rev-parse', 'HEAD'));
    expect(Object.fromEntries(parseDiff(changes!.diff, changes!.untracked))).toEqual({
      'src/café.ts': { added: false, lines: [[2, 2]] },
      'src/été.ts': { added: true, lines: [] },
    });
  });

  it('answers null for a base that names no commit here or at the origin', async () => {
    expect(await new Git().changesSince(repo.path, 'no-such-ref')).toBeNull();
  });
});
