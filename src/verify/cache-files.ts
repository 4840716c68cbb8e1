import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/content-hash';
import type { SnapshotRef } from '../core/verification';
import { engineVersion } from './engine-version';
import { isolation } from './isolation';
import { snapshotHash } from './snapshot-hash';

/**
 * A cached result kept as JSON in the data directory, or null when there is none or another
 * engine wrote it: what an engine's results mean changes with the engine.
 */
export async function readCached<T extends { engine: string }>(
  file: string,
  engine: string,
): Promise<T | null> {
  if (!existsSync(file)) return null;
  try {
    const data = JSON.parse(await fs.readFile(file, 'utf8')) as T;
    return data.engine === engine ? data : null;
  } catch {
    // A file another process is renaming over, or a torn disk write: a miss, not a failure.
    return null;
  }
}

/** Written beside and renamed, so that a reader never sees half a file. */
export async function writeCached<T extends { engine: string }>(
  file: string,
  data: T,
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${Date.now()}`;
  await fs.writeFile(temporary, JSON.stringify(data));
  await fs.rename(temporary, file);
}

/**
 * Where a whole run's result is kept (the coverage run, the delivery check): keyed by every
 * file of the snapshot, the run's own inputs (`parts`: the test texts, the install's key, the
 * limits), the sandbox and the engine's build, so that a result is reused only for the same
 * inputs. Null when the runner caches nothing.
 */
export async function runEntry(
  cacheDir: string | null,
  kind: string,
  snapshot: SnapshotRef,
  parts: unknown[],
): Promise<string | null> {
  if (!cacheDir) return null;
  const key = contentHash(
    [
      engineVersion(),
      isolation().how,
      kind,
      JSON.stringify(parts),
      await snapshotHash(snapshot.root, snapshot.files),
    ].join('\u0000'),
    32,
  );
  return path.join(cacheDir, 'runs', kind, `${key}.json`);
}
