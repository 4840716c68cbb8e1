import { promises as fs } from 'node:fs';
import path from 'node:path';

/** The data directory's folders that hold one entry per job or per clone. */
const PER_JOB = ['jobs', 'workspaces'];

/**
 * Removes what jobs left in the data directory (artifacts, kept clones, clones of workers that
 * died) once it is older than the retention time, as the job records in Redis expire. Returns
 * the removed paths.
 */
export async function sweepDataDir(
  dataDir: string,
  retentionSeconds: number,
  now = Date.now(),
): Promise<string[]> {
  const removed: string[] = [];
  for (const folder of PER_JOB) {
    const parent = path.join(dataDir, folder);
    let entries: string[];
    try {
      entries = await fs.readdir(parent);
    } catch {
      continue; // Nothing was ever written there.
    }
    for (const entry of entries) {
      const full = path.join(parent, entry);
      const { mtimeMs } = await fs.stat(full);
      if (now - mtimeMs < retentionSeconds * 1000) continue;
      await fs.rm(full, { recursive: true, force: true });
      removed.push(full);
    }
  }
  return removed;
}
