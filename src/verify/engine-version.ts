import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/content-hash';
import { attestRoot } from './attest-root';

let version: string | undefined;

/**
 * The runner's engine as what decides a verdict: a hash of its compiled gates, mutation engine
 * and test-process runtime (dist/src/verify and dist/src/runtime). A cached verdict of another
 * build is never reused, with no version number for anyone to forget to bump.
 */
export function engineVersion(): string {
  if (version) return version;
  const dist = path.join(attestRoot(), 'dist', 'src');
  const parts: string[] = [];
  for (const folder of ['verify', 'runtime'])
    for (const entry of readdirSync(path.join(dist, folder), {
      recursive: true,
      withFileTypes: true,
    })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      const file = path.join(entry.parentPath, entry.name);
      parts.push(`${path.relative(dist, file)}:${contentHash(readFileSync(file, 'utf8'), 32)}`);
    }
  return (version = contentHash(parts.sort().join('\u0000'), 16));
}
