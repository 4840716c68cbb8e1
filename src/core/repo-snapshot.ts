/** Where a repository comes from, as the user named it. */
export type RepoSource =
  { kind: 'path'; path: string; ref?: string } | { kind: 'url'; url: string; ref?: string };

/** One file of a snapshot, relative to its root, with forward slashes. */
export interface RepoFile {
  path: string;
  size: number;
}

/** Why the walk left a file out. */
export type SkipReason = 'ignored' | 'binary' | 'too-large' | 'symlink-outside' | 'limit';

/** The files of a repository at one commit, as the acquire stage read them. */
export interface RepoSnapshot {
  source: RepoSource;
  /** Absolute path of the tree that was read (the local path, or the clone). */
  root: string;
  /** HEAD's sha for a git repository, or a content hash for a plain folder. */
  commit: string;
  /** True when the tree differs from `commit` (uncommitted changes). */
  dirty: boolean;
  files: RepoFile[];
  skipped: Record<SkipReason, number>;
}
