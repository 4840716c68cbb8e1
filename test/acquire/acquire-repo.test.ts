import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireRepo } from '../../src/acquire/acquire-repo';
import { parseRepoSource } from '../../src/acquire/repo-source';
import { InvalidRepoError, RepoNotFoundError } from '../../src/core/attest-error';
import { aConfig } from '../helpers/config';
import { commitAll, git } from '../helpers/git';
import { copyFixture, tempDir } from '../helpers/temp-dir';

describe(acquireRepo.name, () => {
  let data: { path: string; dispose: () => void };
  let origin: { path: string; dispose: () => void };
  let head: string;
  beforeAll(() => {
    origin = copyFixture('understand-repo');
    head = commitAll(origin.path);
    git(origin.path, 'tag', 'v1');
    git(origin.path, 'checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(origin.path, 'src', 'feature.ts'), 'export const feature = () => 1;\n');
    git(origin.path, 'add', '-A');
    git(origin.path, 'commit', '-q', '-m', 'feature');
    git(origin.path, 'checkout', '-q', 'main');
  });
  afterAll(() => origin.dispose());
  beforeEach(() => {
    data = tempDir();
  });
  afterEach(() => data.dispose());

  const acquire = (input: string, ref?: string) =>
    acquireRepo(parseRepoSource(input, ref), aConfig({ dataDir: data.path }));

  it('clones a file:// URL shallowly into the data directory and removes it on dispose', async () => {
    const acquired = await acquire(`file://${origin.path}`);
    const { snapshot } = acquired;
    expect(snapshot.root.startsWith(path.join(data.path, 'workspaces'))).toBe(true);
    expect(snapshot.commit).toBe(head);
    expect(snapshot.dirty).toBe(false);
    expect(git(snapshot.root, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(snapshot.files.map((f) => f.path)).toContain('src/math.ts');
    await acquired.dispose();
    expect(existsSync(snapshot.root)).toBe(false);
  });

  it('checks out a branch, a tag or a commit sha given as the ref', async () => {
    const branch = await acquire(`file://${origin.path}`, 'feature');
    expect(branch.snapshot.files.map((f) => f.path)).toContain('src/feature.ts');
    await branch.dispose();
    const tag = await acquire(`file://${origin.path}`, 'v1');
    expect(tag.snapshot.commit).toBe(head);
    await tag.dispose();
    const sha = await acquire(`file://${origin.path}`, head);
    expect(sha.snapshot.commit).toBe(head);
    expect(sha.snapshot.files.map((f) => f.path)).not.toContain('src/feature.ts');
    await sha.dispose();
  });

  it('rejects an unknown ref with a message that names it, and leaves no workspace behind', async () => {
    await expect(acquire(`file://${origin.path}`, 'no-such-branch')).rejects.toThrow(
      new InvalidRepoError(
        `unknown ref 'no-such-branch' in file://${origin.path}. Pass a branch, tag or commit that the repository has.`,
      ),
    );
    const workspaces = path.join(data.path, 'workspaces');
    expect(existsSync(workspaces) ? readdirSync(workspaces) : []).toEqual([]);
  });

  it("reads a ref of a local repository from a work tree of its own, and leaves the user's alone", async () => {
    const branchBefore = git(origin.path, 'rev-parse', '--abbrev-ref', 'HEAD');
    const feature = await acquire(origin.path, 'feature');
    expect(feature.snapshot.root.startsWith(path.join(data.path, 'workspaces'))).toBe(true);
    expect(feature.snapshot.commit).toBe(git(origin.path, 'rev-parse', 'feature'));
    expect(feature.snapshot.files.map((f) => f.path)).toContain('src/feature.ts');
    expect(existsSync(path.join(origin.path, 'src', 'feature.ts'))).toBe(false);
    await feature.dispose();
    expect(existsSync(feature.snapshot.root)).toBe(false);
    expect(git(origin.path, 'worktree', 'list').split('\n')).toHaveLength(1);
    expect(git(origin.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(branchBefore);
  });

  it('rejects an unknown ref of a local repository, and a ref of a folder outside git', async () => {
    await expect(acquire(origin.path, 'no-such-branch')).rejects.toThrow(
      new InvalidRepoError(
        `unknown ref 'no-such-branch' in ${origin.path}. Pass a branch, tag or commit that the repository has.`,
      ),
    );
    const plain = tempDir();
    try {
      writeFileSync(path.join(plain.path, 'a.ts'), 'export const a = 1;\n');
      await expect(acquire(plain.path, 'main')).rejects.toThrow(/--ref needs a git repository/);
    } finally {
      plain.dispose();
    }
  });

  it('rejects a URL that is not a git repository', async () => {
    const plain = tempDir();
    try {
      await expect(acquire(`file://${plain.path}`)).rejects.toBeInstanceOf(RepoNotFoundError);
      await expect(acquire(`file://${plain.path}`)).rejects.toThrow(
        /cannot clone file:\/\/.*Check that the URL names a git repository/,
      );
    } finally {
      plain.dispose();
    }
  });

  it('rejects an empty repository', async () => {
    const empty = tempDir();
    try {
      git(empty.path, 'init', '-q');
      await expect(acquire(`file://${empty.path}`)).rejects.toThrow(
        /is empty: it has no commit yet/,
      );
      await expect(acquire(empty.path)).rejects.toBeInstanceOf(InvalidRepoError);
    } finally {
      empty.dispose();
    }
  });

  it('rejects a missing path and a file where a folder is expected', async () => {
    await expect(acquire(path.join(data.path, 'nope'))).rejects.toThrow(RepoNotFoundError);
    writeFileSync(path.join(data.path, 'file.txt'), 'x');
    await expect(acquire(path.join(data.path, 'file.txt'))).rejects.toThrow(
      /is a file, not a folder/,
    );
  });

  it('reads a local repository in place without touching its work tree, index or branch', async () => {
    writeFileSync(path.join(origin.path, 'src', 'uncommitted.ts'), 'export const u = 1;\n');
    const statusBefore = git(origin.path, 'status', '--porcelain');
    const branchBefore = git(origin.path, 'rev-parse', '--abbrev-ref', 'HEAD');
    const acquired = await acquire(origin.path);
    expect(acquired.snapshot.root).toBe(origin.path);
    expect(acquired.snapshot.dirty).toBe(true);
    expect(acquired.snapshot.files.map((f) => f.path)).toContain('src/uncommitted.ts');
    await acquired.dispose();
    expect(existsSync(origin.path)).toBe(true);
    expect(git(origin.path, 'status', '--porcelain')).toBe(statusBefore);
    expect(git(origin.path, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(branchBefore);
  });

  it('gives a plain folder a content-derived commit that changes with its files', async () => {
    const plain = copyFixture('understand-repo');
    try {
      const first = (await acquire(plain.path)).snapshot.commit;
      expect(first).toMatch(/^tree-[0-9a-f]{16}$/);
      mkdirSync(path.join(plain.path, 'lib'));
      writeFileSync(path.join(plain.path, 'lib', 'more.js'), 'exports.more = () => 2;');
      expect((await acquire(plain.path)).snapshot.commit).not.toBe(first);
    } finally {
      plain.dispose();
    }
  });
});

describe(parseRepoSource.name, () => {
  it('reads https, ssh, scp-like and file URLs as URLs, and anything else as a path', () => {
    expect(parseRepoSource('https://github.com/a/b.git', 'main')).toEqual({
      kind: 'url',
      url: 'https://github.com/a/b.git',
      ref: 'main',
    });
    expect(parseRepoSource('ssh://git@host/a/b.git').kind).toBe('url');
    expect(parseRepoSource('git@github.com:a/b.git').kind).toBe('url');
    expect(parseRepoSource('file:///srv/repo').kind).toBe('url');
    expect(parseRepoSource('./examples/textkit')).toEqual({
      kind: 'path',
      path: './examples/textkit',
    });
    expect(parseRepoSource('C:\\repos\\x').kind).toBe('path');
  });
});
