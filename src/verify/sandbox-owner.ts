import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Gives the folders a sandboxed run may write to the sandbox's user, whole: Attest (root) made
 * them, and the run's unprivileged user must be able to write the files in them. Links are
 * changed themselves, never followed, so a link in a copy cannot hand over what it points to.
 */
export async function handOver(folders: readonly string[], uid: number): Promise<void> {
  for (const folder of new Set(folders)) await chownTree(folder, uid);
}

async function chownTree(entry: string, uid: number): Promise<void> {
  const stat = await fs.lstat(entry).catch(() => null);
  if (!stat) return;
  if (stat.uid !== uid || stat.gid !== uid) await fs.lchown(entry, uid, uid);
  if (!stat.isDirectory()) return;
  for (const name of await fs.readdir(entry)) await chownTree(path.join(entry, name), uid);
}
