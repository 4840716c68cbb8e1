import type { RepoSource } from '../core/repo-snapshot';

const URL_SCHEME = /^(https?|ssh|git|file):\/\//i;
const SCP_LIKE = /^[\w.-]+@[\w.-]+:[^\\]/;

/** Reads what the user typed as a repository: a git URL (https, ssh, git, file, scp-like) or a path. */
export function parseRepoSource(input: string, ref?: string): RepoSource {
  const trimmed = input.trim();
  if (URL_SCHEME.test(trimmed) || SCP_LIKE.test(trimmed)) {
    return ref ? { kind: 'url', url: trimmed, ref } : { kind: 'url', url: trimmed };
  }
  return ref ? { kind: 'path', path: trimmed, ref } : { kind: 'path', path: trimmed };
}

/** A name for the source that is stable across runs, for keys and messages. */
export function describeRepoSource(source: RepoSource): string {
  const where = source.kind === 'url' ? source.url : source.path;
  return `${where}${source.ref ? `#${source.ref}` : ''}`;
}
