import { execFileSync } from 'node:child_process';

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
