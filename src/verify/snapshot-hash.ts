import { promises as fs } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/content-hash';

/**
 * The hash of every file of a snapshot, by path and content: the key of what any file of the
 * repository can shape (a suite's results, an install with `file:` dependencies or a pnpmfile),
 * so that two tenants share a cached result only when their files are the same.
 */
export async function snapshotHash(root: string, files: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const file of [...files].sort()) {
    const bytes = await fs.readFile(path.join(root, file)).catch(() => Buffer.alloc(0));
    parts.push(file, contentHash(bytes.toString('latin1'), 64));
  }
  return contentHash(parts.join('\u0000'), 64);
}
