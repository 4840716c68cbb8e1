import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Attest Test',
  GIT_AUTHOR_EMAIL: 'test@attest.invalid',
  GIT_COMMITTER_NAME: 'Attest Test',
  GIT_COMMITTER_EMAIL: 'test@attest.invalid',
};

/** Runs the real git in `cwd` with a fixed identity, and returns its trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...IDENTITY },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Makes `dir` a git repository with everything in it committed on `main`. */
export function commitAll(dir: string, message = 'initial'): string {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/**
 * A bare repository with one documented function, as a remote that a job clones from. A
 * `description` in its manifest makes its files differ from the others', so no job of it reuses
 * another's verdicts.
 */
export function aBareRepository(root: string, name = 'tiny', description?: string): string {
  const work = path.join(root, `${name}-work`);
  mkdirSync(path.join(work, 'src'), { recursive: true });
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name: 'tiny', version: '1.0.0', main: 'src/index.js', description }),
  );
  writeFileSync(
    path.join(work, 'src/index.js'),
    'function double(n) {\n  return n * 2;\n}\nmodule.exports = { double };\n',
  );
  writeFileSync(
    path.join(work, 'README.md'),
    '# tiny\n\n## double\n\nDoubles a number.\n\n```js\ndouble(2) // => 4\ndouble(-3) // => -6\n```\n',
  );
  return publishBare(root, work, name);
}

/** Commits everything in `work` and clones it into `<root>/<name>.git`: a remote to clone by URL. */
export function publishBare(root: string, work: string, name: string): string {
  commitAll(work);
  const bare = path.join(root, `${name}.git`);
  git(root, 'clone', '-q', '--bare', work, bare);
  return `file://${bare}`;
}
