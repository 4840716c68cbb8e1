import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { configEnvironment, configPairs, gitPins } from './git-pins';

const BLOCK_TIMEOUT_MS = 120_000;

/**
 * simple-git refuses to pass these settings at all, since a caller could set them to a program;
 * Attest passes them only with the fixed, safe values of gitPins, so they are allowed.
 */
const PINNED_SETTINGS = {
  allowUnsafeConfigEnvCount: true,
  allowUnsafeFsMonitor: true,
  allowUnsafeHooksPath: true,
  allowUnsafeSshCommand: true,
  allowUnsafePager: true,
  allowUnsafeEditor: true,
  allowUnsafeAskPass: true,
  allowUnsafeCredentialHelper: true,
  allowUnsafeProtocolOverride: true,
  allowUnsafeGpgProgram: true,
  allowUnsafeDiffExternal: true,
  allowUnsafeFilter: true,
  allowUnsafePack: true,
};

/** The git operations the pipeline needs, over the real git binary (through simple-git). */
export class Git {
  private client(dir?: string, extra: Record<string, string> = {}): SimpleGit {
    // Never wait for a credential prompt (a service has no one to answer it), and keep git's
    // messages in English: acquire reads them to tell a missing repository from an unknown ref.
    // Every command carries the pins, so a repository's own config runs nothing.
    const others = Object.fromEntries(
      Object.entries(extra).filter(([k]) => !k.startsWith('GIT_CONFIG_')),
    );
    const config = configEnvironment([...gitPins(dir), ...configPairs(extra)]);
    return simpleGit({
      baseDir: dir,
      timeout: { block: BLOCK_TIMEOUT_MS },
      allowEnvironment: ['GIT_TERMINAL_PROMPT', ...Object.keys(others), ...Object.keys(config)],
      unsafe: PINNED_SETTINGS,
    }).env({ ...gitEnvironment(), ...others, ...config });
  }

  /**
   * Pushes `branch` of the repository at `dir` to `url` as `remoteBranch`; with `force`, over
   * what is there (Attest's own branch, pushed again by a job that ran again). A token goes to an
   * https remote as an HTTP header through git's environment, never on a command line or into
   * the repository's config.
   */
  async push(
    dir: string,
    url: string,
    branch: string,
    remoteBranch: string,
    options: { token?: string; force?: boolean } = {},
  ): Promise<void> {
    const { token, force = false } = options;
    const auth: Record<string, string> =
      token && /^https:/i.test(url)
        ? {
            GIT_CONFIG_COUNT: '1',
            GIT_CONFIG_KEY_0: 'http.extraHeader',
            GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`,
          }
        : {};
    await this.client(dir, auth).raw([
      'push',
      '--quiet',
      url,
      `${force ? '+' : ''}refs/heads/${branch}:refs/heads/${remoteBranch}`,
    ]);
  }

  /** The URL of a named remote of the repository at `dir`, or null when it has none. */
  async remoteUrl(dir: string, name: string): Promise<string | null> {
    const remotes = await this.client(dir).getRemotes(true);
    return remotes.find((r) => r.name === name)?.refs.push || null;
  }

  /**
   * Clones `url` into `dest`; shallow at `ref` when the ref is a branch or tag. `pinned` is
   * the git config (through its environment) that holds the connection to a checked address.
   */
  async clone(
    url: string,
    dest: string,
    ref?: string,
    pinned: Record<string, string> = {},
  ): Promise<void> {
    const options = ['--depth', '1', '--no-tags'];
    if (ref) options.push('--branch', ref);
    await this.client(undefined, pinned).clone(url, dest, options);
  }

  /** Clones all history, for a ref that a shallow clone cannot name (a sha). */
  async cloneFull(url: string, dest: string, pinned: Record<string, string> = {}): Promise<void> {
    await this.client(undefined, pinned).clone(url, dest, []);
  }

  /** The commit a ref names in the repository at `dir`, or null when it names none. */
  async resolveCommit(dir: string, ref: string): Promise<string | null> {
    try {
      return (
        (await this.client(dir).revparse(['--verify', '--quiet', `${ref}^{commit}`])).trim() || null
      );
    } catch {
      return null;
    }
  }

  /**
   * What changed in the folder `dir` since `base`: the diff (without context, paths relative to
   * `dir`) from the base commit to the work tree, and the files git does not track yet. A base
   * that a shallow clone lacks is fetched from its origin first; null when no commit has that
   * name.
   */
  async changesSince(
    dir: string,
    base: string,
  ): Promise<{ commit: string; diff: string; untracked: string[] } | null> {
    const client = this.client(dir);
    let commit = await this.resolveCommit(dir, base);
    if (!commit) {
      // --end-of-options: a base such as `--upload-pack=…` stays a ref.
      const fetched = await client
        .raw(['fetch', '-q', '--depth', '1', '--no-tags', 'origin', '--end-of-options', base])
        .then(
          () => true,
          () => false,
        );
      if (fetched) commit = await this.resolveCommit(dir, 'FETCH_HEAD');
    }
    if (!commit) return null;
    // Paths as they are (git quotes non-ASCII names by default), for the diff and the list.
    const diff = await client.raw([
      '-c',
      'core.quotePath=off',
      'diff',
      '--relative',
      '--unified=0',
      '--no-renames',
      '--no-color',
      '--no-ext-diff',
      commit,
      '--',
      '.',
      ':(exclude).attest',
      ':(exclude)**/.attest',
    ]);
    const untracked = await client.raw([
      '-c',
      'core.quotePath=off',
      'ls-files',
      '--others',
      '--exclude-standard',
      '--',
      '.',
      ':(exclude).attest',
      ':(exclude)**/.attest',
    ]);
    return { commit, diff, untracked: untracked.split('\n').filter(Boolean) };
  }

  /** The text of `file` (relative to `dir`) at `commit`, or null when it had no such file. */
  async fileAt(dir: string, commit: string, file: string): Promise<string | null> {
    try {
      return await this.client(dir).raw(['show', `${commit}:./${file}`]);
    } catch {
      return null;
    }
  }

  /** Adds a work tree at `dest` with `commit` checked out, on no branch. */
  async addDetachedWorktree(repo: string, dest: string, commit: string): Promise<void> {
    await this.client(repo).raw(['worktree', 'add', '-q', '--detach', dest, commit]);
  }

  /**
   * A commit of the work tree as it is, uncommitted changes and untracked files included
   * (Attest's own `.attest/` aside), on top of HEAD: made through an index of its own, so the
   * user's index, work tree and branches are never touched.
   */
  async workTreeCommit(dir: string, message: string): Promise<string> {
    const index = path.join(os.tmpdir(), `attest-index-${randomUUID()}`);
    const git = this.client(dir, { GIT_INDEX_FILE: index });
    try {
      await git.raw(['read-tree', 'HEAD']);
      await git.raw(['add', '-A', '--', '.', ':(exclude).attest', ':(exclude)**/.attest']);
      const tree = (await git.raw(['write-tree'])).trim();
      return (
        await git.raw([...IDENTITY, 'commit-tree', tree, '-p', 'HEAD', '-m', message])
      ).trim();
    } finally {
      await fs.rm(index, { force: true });
    }
  }

  async checkout(dir: string, ref: string): Promise<void> {
    await this.client(dir).checkout(['--detach', ref]);
  }

  /** The top level of the work tree that holds `dir`, or null outside git. */
  async topLevel(dir: string): Promise<string | null> {
    try {
      return (await this.client(dir).revparse(['--show-toplevel'])).trim();
    } catch (error) {
      // Not a git work tree: the caller reads the folder as plain files.
      if (/not a git repository/i.test(String(error))) return null;
      throw error;
    }
  }

  /** HEAD's sha, or null in a repository with no commit yet. */
  async head(dir: string): Promise<string | null> {
    try {
      return (
        (await this.client(dir).revparse(['--verify', '--quiet', 'HEAD^{commit}'])).trim() || null
      );
    } catch (error) {
      // An unborn HEAD (an empty repository) has no sha to give.
      if (
        /unknown revision|ambiguous argument|Needed a single revision|exit code 1\b/i.test(
          String(error),
        )
      )
        return null;
      throw error;
    }
  }

  /** True when files under `pathspec` differ from HEAD or are untracked (Attest's own `.attest/` aside). */
  async isDirty(dir: string, pathspec = '.'): Promise<boolean> {
    const out = await this.client(dir).raw([
      'status',
      '--porcelain',
      '--',
      pathspec,
      ':(exclude).attest',
      ':(exclude)**/.attest',
    ]);
    return out.trim().length > 0;
  }

  /** Makes `dir` a repository with an empty `main`. */
  async init(dir: string): Promise<void> {
    await this.client(dir).raw(['init', '-q', '-b', 'main']);
  }

  /** Stages everything in the work tree and commits it as Attest; returns the new sha, or null when nothing changed. */
  async commitAll(dir: string, message: string): Promise<string | null> {
    const client = this.client(dir);
    await client.raw(['add', '-A']);
    if (!(await this.isDirty(dir))) return null;
    await client.raw([...IDENTITY, 'commit', '-q', '--no-verify', '-m', message]);
    return (await client.revparse(['HEAD'])).trim();
  }

  /**
   * Adds a work tree at `dest` on a new branch from `base`: the repository's own work tree,
   * index and current branch are never touched.
   */
  async addWorktree(repo: string, dest: string, branch: string, base: string): Promise<void> {
    await this.client(repo).raw(['worktree', 'add', '-q', '-b', branch, dest, base]);
  }

  async removeWorktree(repo: string, dest: string): Promise<void> {
    await this.client(repo).raw(['worktree', 'remove', '--force', dest]);
  }

  /** The commit as a patch that `git am` or `git apply` takes. */
  async formatPatch(dir: string, sha: string): Promise<string> {
    return this.client(dir).raw(['format-patch', '-1', '--stdout', sha]);
  }
}

/** Attest commits as itself, whatever identity the machine has (or lacks). */
const IDENTITY = ['-c', 'user.name=Attest', '-c', 'user.email=attest@localhost'];

function gitEnvironment(): Record<string, string> {
  const env: Record<string, string> = { GIT_TERMINAL_PROMPT: '0', LANG: 'C', LC_ALL: 'C' };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'SSH_AUTH_SOCK']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return env;
}
