import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runAttest } from '../helpers/attest-bin';
import { commitAll, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

/**
 * A local repository whose .git/config and hooks name programs: each leaves a file in a folder
 * outside when it runs. Attest runs git in it to read it and to commit its tests on a branch
 * there; none of them may run.
 */
describe('git on a submitted repository', () => {
  it('never runs its fsmonitor, its hooks or its filters', async () => {
    const root = tempDir();
    const marks = path.join(root.path, 'marks');
    const repo = path.join(root.path, 'tiny');
    mkdirSync(marks);
    mkdirSync(path.join(repo, 'src'), { recursive: true });
    try {
      writeFileSync(
        path.join(repo, 'package.json'),
        JSON.stringify({ name: 'tiny', version: '1.0.0', main: 'src/index.js' }),
      );
      writeFileSync(
        path.join(repo, 'src', 'index.js'),
        'function double(n) {\n  return n * 2;\n}\nmodule.exports = { double };\n',
      );
      writeFileSync(
        path.join(repo, 'README.md'),
        '# tiny\n\n## double\n\n```js\ndouble(2) // => 4\ndouble(-3) // => -6\n```\n',
      );
      commitAll(repo);
      const program = (name: string) => {
        const file = path.join(root.path, `${name}.sh`);
        // A filter must pass the content through; the others only leave their mark.
        writeFileSync(file, `#!/bin/sh\ntouch ${JSON.stringify(path.join(marks, name))}\ncat\n`);
        chmodSync(file, 0o755);
        return file;
      };
      for (const hook of [
        'pre-commit',
        'post-commit',
        'post-checkout',
        'reference-transaction',
        'commit-msg',
      ]) {
        const file = path.join(repo, '.git', 'hooks', hook);
        writeFileSync(file, `#!/bin/sh\ntouch ${JSON.stringify(path.join(marks, hook))}\n`);
        chmodSync(file, 0o755);
      }
      git(repo, 'config', 'core.fsmonitor', program('fsmonitor'));
      git(repo, 'config', 'filter.hostile.clean', program('clean'));
      git(repo, 'config', 'filter.hostile.smudge', program('smudge'));
      writeFileSync(path.join(repo, '.git', 'info', 'attributes'), '* filter=hostile\n');
      const data = tempDir();
      try {
        const run = await runAttest(['run', repo, '--json'], { ATTEST_DATA_DIR: data.path });
        expect(run.code).toBe(0);
        // The job did what runs git there: it committed its tests on a branch of the repository.
        expect(git(repo, 'branch', '--list', 'attest/*')).toMatch(/attest\//);
        expect(readdirSync(marks)).toEqual([]);
      } finally {
        data.dispose();
      }
    } finally {
      root.dispose();
    }
  }, 240_000);
});
