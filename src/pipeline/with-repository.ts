import { acquireRepo } from '../acquire/acquire-repo';
import type { AttestConfig } from '../core/attest-config';
import type { RepoSnapshot, RepoSource } from '../core/repo-snapshot';

/** Acquires a repository for the length of `work`, and removes any clone afterwards. */
export async function withRepository<T>(
  source: RepoSource,
  config: AttestConfig,
  work: (snapshot: RepoSnapshot) => Promise<T>,
): Promise<T> {
  const acquired = await acquireRepo(source, config);
  try {
    return await work(acquired.snapshot);
  } finally {
    await acquired.dispose();
  }
}
