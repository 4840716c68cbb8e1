import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Git } from '../acquire/git';
import { InvalidRepoError } from '../core/attest-error';
import type { RepoSnapshot } from '../core/repo-snapshot';
import { changedSymbols, parseDiff } from '../plan/changed-targets';
import type { Understanding } from '../understand/understand-repo';

/** What a diff job targets: the symbols the change touched and why, and what it compared. */
export interface ChangeScope {
  base: string;
  baseCommit: string;
  files: string[];
  /** By symbol id: why the change touched it. */
  why: Map<string, string[]>;
}

/**
 * The scope of `--changed-since <base>`: the change from the base commit to the tree the job
 * reads (a local repository's work tree, uncommitted and untracked files included; a clone's
 * commit), over the folder the job reads, and the symbols it touched.
 */
export async function changeScope(
  base: string,
  snapshot: RepoSnapshot,
  understanding: Understanding,
): Promise<ChangeScope> {
  // A folder of a repository is read through a snapshot of its own: the change is the
  // folder's in the repository it lies in (a ref of it is read in a work tree of its own).
  const { source } = snapshot;
  const dir = source.kind === 'path' && !source.ref ? source.path : snapshot.root;
  const git = new Git();
  if (!(await git.topLevel(dir)))
    throw new InvalidRepoError(
      `--changed-since needs a git repository, and ${dir} is not in one: run a full job, or pass a repository.`,
    );
  const changes = await git.changesSince(dir, base);
  if (!changes)
    throw new InvalidRepoError(
      `--changed-since ${base} names no commit of the repository (nor of its origin): pass a branch, tag or commit it has, such as the pull request's base.`,
    );
  const files = parseDiff(changes.diff, changes.untracked);
  // Each changed code or docs file as it was and as the job reads it, to tell a changed
  // function or section from a neighbour a hunk only brushes.
  // Code files' texts are the understand stage's; docs files are read here.
  const texts = new Map<string, { before: string | null; now: string }>();
  const docs = new Set(understanding.requirements.map((r) => r.file));
  for (const [file, change] of files) {
    if (change.added || !(understanding.sources.has(file) || docs.has(file))) continue;
    const now =
      understanding.sources.get(file) ??
      (await fs.readFile(path.join(snapshot.root, file), 'utf8').catch(() => null));
    if (now !== null) texts.set(file, { before: await git.fileAt(dir, changes.commit, file), now });
  }
  return {
    base,
    baseCommit: changes.commit,
    files: [...files.keys()].sort(),
    why: changedSymbols(
      understanding.symbols,
      understanding.requirements,
      files,
      (file) => texts.get(file) ?? null,
    ),
  };
}
