import { mkdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { sweepDataDir } from '../../src/service/jobs/retention';
import { tempDir } from '../helpers/temp-dir';

describe(sweepDataDir.name, () => {
  it("removes jobs' artifacts and clones older than the retention time, and keeps the rest", async () => {
    const data = tempDir();
    try {
      const old = path.join(data.path, 'jobs', 'old-job');
      const fresh = path.join(data.path, 'jobs', 'fresh-job');
      const clone = path.join(data.path, 'workspaces', 'abc-old-clone');
      const index = path.join(data.path, 'index', 'kept');
      for (const dir of [old, fresh, clone, index]) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'report.json'), '{}');
      }
      const twoDaysAgo = (Date.now() - 2 * 86_400_000) / 1000;
      for (const dir of [old, clone, index]) utimesSync(dir, twoDaysAgo, twoDaysAgo);
      const removed = await sweepDataDir(data.path, 86_400);
      expect(removed.sort()).toEqual([old, clone].sort());
      expect([old, fresh, clone, index].map((d) => existsSync(d))).toEqual([
        false,
        true,
        false,
        true,
      ]);
    } finally {
      data.dispose();
    }
  });

  it('does nothing in a data directory that jobs never wrote to', async () => {
    const data = tempDir();
    expect(await sweepDataDir(path.join(data.path, 'missing'), 60)).toEqual([]);
    data.dispose();
  });
});
