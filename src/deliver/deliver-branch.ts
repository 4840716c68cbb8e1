import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Git } from '../acquire/git';
import { InvalidRepoError } from '../core/attest-error';
import { contentHash } from '../core/content-hash';
import type { RepoSnapshot } from '../core/repo-snapshot';

export interface BranchRequest {
  snapshot: RepoSnapshot;
  branch: string;
  /** Test files to commit, by path relative to the repository root. */
  files: ReadonlyMap<string, string>;
  /** Test files to remove (Attest's own, whose targets are gone). */
  remove?: readonly string[];
  message: string;
  dataDir: string;
}

/** Where the tests were committed, and the commit as a patch. */
export interface BranchDelivery {
  /** The repository that holds the branch: the user's own, the clone of a URL, or a snapshot. */
  repository: string;
  /** True when the folder was not the root of a git repository and a snapshot repository was made. */
  snapshotted: boolean;
  branch: string;
  commit: string;
  patch: string;
}

/**
 * Deliver: commits the tests on a new branch through a git worktree, so that the user's work
 * tree, index and current branch are never touched. A folder that is not the root of a git
 * repository is first committed into a snapshot repository in the data directory, and the
 * branch goes there.
 */
export async function deliverBranch(
  request: BranchRequest,
  git = new Git(),
): Promise<BranchDelivery> {
  const { snapshot } = request;
  const own = snapshot.source.kind === 'url' || (await isRepositoryRoot(snapshot.root, git));
  const repository = own ? snapshot.root : await snapshotRepository(snapshot, request.dataDir, git);
  // Tests verified against a work tree with uncommitted changes go on a commit of that tree as
  // it was verified, never on HEAD, which they were not verified against.
  const head = await git.head(repository);
  const base =
    head && own && snapshot.dirty && snapshot.source.kind === 'path'
      ? await git.workTreeCommit(
          repository,
          'The work tree as Attest verified it (uncommitted changes)',
        )
      : head;
  if (!base)
    throw new InvalidRepoError(
      `${repository} has no commit to branch from. Commit its files once, then run again.`,
    );
  const worktrees = path.join(request.dataDir, 'worktrees');
  await fs.mkdir(worktrees, { recursive: true });
  const tree = await fs.mkdtemp(path.join(worktrees, 'attest-'));
  await git.addWorktree(repository, tree, request.branch, base);
  try {
    for (const [file, text] of request.files) {
      const dest = path.join(tree, file);
      await fs.mkdir(path.dirname(dest), { recursive: true });
      await fs.writeFile(dest, text);
    }
    for (const file of request.remove ?? []) await fs.rm(path.join(tree, file), { force: true });
    const commit = await git.commitAll(tree, request.message);
    if (!commit) throw new Error('the accepted tests are already on the base commit');
    return {
      repository,
      snapshotted: !own,
      branch: request.branch,
      commit,
      patch: await git.formatPatch(tree, commit),
    };
  } finally {
    await git.removeWorktree(repository, tree);
  }
}

async function isRepositoryRoot(dir: string, git: Git): Promise<boolean> {
  const top = await git.topLevel(dir);
  return top !== null && (await fs.realpath(top)) === (await fs.realpath(dir));
}

/** One snapshot repository per folder, kept in the data directory; each run commits the folder's current files. */
async function snapshotRepository(
  snapshot: RepoSnapshot,
  dataDir: string,
  git: Git,
): Promise<string> {
  const dir = path.join(
    dataDir,
    'snapshots',
    `${path.basename(snapshot.root)}-${contentHash(snapshot.root, 8)}`,
  );
  await fs.mkdir(dir, { recursive: true });
  if (!existsSync(path.join(dir, '.git'))) await git.init(dir);
  for (const entry of await fs.readdir(dir)) {
    if (entry !== '.git') await fs.rm(path.join(dir, entry), { recursive: true, force: true });
  }
  for (const file of snapshot.files) {
    const dest = path.join(dir, file.path);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.copyFile(path.join(snapshot.root, file.path), dest);
  }
  await git.commitAll(dir, `Snapshot of ${snapshot.root}`);
  return dir;
}
