import type { ConnectGuard } from './connect-guard';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AttestConfig } from '../core/attest-config';
import { InvalidRepoError, RepoNotFoundError } from '../core/attest-error';
import { contentHash } from '../core/content-hash';
import type { RepoSnapshot, RepoSource } from '../core/repo-snapshot';
import { Git } from './git';
import { walkFiles } from './walk-files';

/** A snapshot and the means to remove whatever acquiring it created. */
export interface AcquiredRepo {
  snapshot: RepoSnapshot;
  /** Removes the clone of a URL; a local path is never touched. */
  dispose(): Promise<void>;
}

/** Clones a URL into a workspace, or reads a local path in place, and walks its files. */
export async function acquireRepo(
  source: RepoSource,
  config: AttestConfig,
  git: Git = new Git(),
  /** The service's: a URL's connection goes only to an address it checked. */
  guard?: ConnectGuard,
): Promise<AcquiredRepo> {
  if (source.kind === 'path') {
    const root = await checkLocalFolder(source.path);
    if (source.ref) return refOfLocal(source, root, source.ref, config, git);
    return { snapshot: await snapshotOf(source, root, config, git), dispose: async () => {} };
  }
  const dest = path.join(
    config.dataDir,
    'workspaces',
    `${contentHash(source.url, 12)}-${randomUUID()}`,
  );
  // Checked before any folder is made: a refused URL leaves nothing behind.
  const pinned = guard ? await guard(source.url) : {};
  await fs.mkdir(path.dirname(dest), { recursive: true });
  const dispose = () => fs.rm(dest, { recursive: true, force: true });
  try {
    await cloneAt(git, source.url, dest, source.ref, pinned);
    return { snapshot: await snapshotOf(source, dest, config, git), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * A ref of a local repository, read from a work tree of its own in the data directory: the
 * user's work tree, index and branches are never touched. An unknown ref is an error.
 */
async function refOfLocal(
  source: RepoSource,
  root: string,
  ref: string,
  config: AttestConfig,
  git: Git,
): Promise<AcquiredRepo> {
  const top = await git.topLevel(root);
  if (!top)
    throw new InvalidRepoError(
      `--ref needs a git repository, and ${root} is not in one. Leave --ref out to read the folder as it is.`,
    );
  const commit = await git.resolveCommit(top, ref);
  if (!commit)
    throw new InvalidRepoError(
      `unknown ref '${ref}' in ${top}. Pass a branch, tag or commit that the repository has.`,
    );
  const dest = path.join(config.dataDir, 'workspaces', `${contentHash(top, 12)}-${randomUUID()}`);
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await git.addDetachedWorktree(top, dest, commit);
  const dispose = () => git.removeWorktree(top, dest);
  try {
    // A subfolder of the repository is read at the same place in the work tree.
    const folder = path.relative(await fs.realpath(top), await fs.realpath(root));
    const inTree = path.join(dest, folder);
    if (!existsSync(inTree))
      throw new InvalidRepoError(`${folder} does not exist at '${ref}' in ${top}.`);
    return { snapshot: await snapshotOf(source, inTree, config, git), dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

async function checkLocalFolder(input: string): Promise<string> {
  const root = path.resolve(input);
  let stat;
  try {
    stat = await fs.stat(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new RepoNotFoundError(
      `no such folder: ${root}. Pass the path of a repository folder, or a git URL.`,
    );
  }
  if (!stat.isDirectory()) {
    throw new InvalidRepoError(`${root} is a file, not a folder. Pass the repository's folder.`);
  }
  return root;
}

async function cloneAt(
  git: Git,
  url: string,
  dest: string,
  ref: string | undefined,
  pinned: Record<string, string>,
): Promise<void> {
  try {
    await git.clone(url, dest, ref, pinned);
    return;
  } catch (error) {
    const message = gitMessage(error);
    if (!ref || !/Remote branch .* not found|not found in upstream/i.test(message)) {
      throw cloneError(url, message);
    }
  }
  // A sha is no branch: fetch the whole history and look for it there.
  await fs.rm(dest, { recursive: true, force: true });
  try {
    await git.cloneFull(url, dest, pinned);
  } catch (error) {
    throw cloneError(url, gitMessage(error));
  }
  try {
    await git.checkout(dest, ref);
  } catch {
    throw new InvalidRepoError(
      `unknown ref '${ref}' in ${url}. Pass a branch, tag or commit that the repository has.`,
    );
  }
}

function gitMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function cloneError(url: string, message: string): RepoNotFoundError {
  const firstLine =
    message
      .split('\n')
      .map((line) => line.replace(/^fatal:\s*/, '').trim())
      .find((line) => line.length > 0 && !line.startsWith('Cloning into')) ?? message;
  return new RepoNotFoundError(
    `cannot clone ${url}: ${firstLine}. Check that the URL names a git repository you can reach.`,
  );
}

async function snapshotOf(
  source: RepoSource,
  root: string,
  config: AttestConfig,
  git: Git,
): Promise<RepoSnapshot> {
  const walked = await walkFiles(root, config.limits);
  const top = await git.topLevel(root);
  const head = top ? await git.head(root) : null;
  if (walked.files.length === 0) {
    const why = top && !head ? 'it has no commit yet' : 'it has no file that Attest can read';
    throw new InvalidRepoError(
      `${source.kind === 'url' ? source.url : root} is empty: ${why}. Add files and try again.`,
    );
  }
  const dirty = head ? await git.isDirty(root) : true;
  const commit =
    head ?? `tree-${contentHash(walked.files.map((f) => `${f.path}:${f.size}`).join('\n'))}`;
  return { source, root, commit, dirty, files: walked.files, skipped: walked.skipped };
}
