import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InstallFailedError, provideDependencies } from '../../src/verify/dependencies';
import { runnerSettings } from '../helpers/factories';
import { tempDir } from '../helpers/temp-dir';

const FILES = ['package.json', 'package-lock.json'];

/** A package with no dependencies: npm ci succeeds without reaching any registry. */
function lockedPackage(dir: string): void {
  writeFileSync(path.join(dir, 'package.json'), '{"name":"x","version":"1.0.0"}');
  writeFileSync(
    path.join(dir, 'package-lock.json'),
    '{"name":"x","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"x","version":"1.0.0"}}}',
  );
}

describe(provideDependencies.name, () => {
  it('needs no install without a lock file', async () => {
    const repo = tempDir();
    writeFileSync(path.join(repo.path, 'package.json'), '{"name":"x","version":"1.0.0"}');
    const deps = await provideDependencies(repo.path, FILES, runnerSettings());
    expect([deps.modules, deps.source]).toEqual([null, { status: 'none' }]);
    repo.dispose();
  });

  it("links the repository's own node_modules when it has one", async () => {
    const repo = tempDir();
    lockedPackage(repo.path);
    const own = path.join(repo.path, 'node_modules');
    mkdirSync(own);
    const deps = await provideDependencies(repo.path, FILES, runnerSettings());
    expect([deps.modules, deps.source]).toEqual([own, { status: 'linked', from: own }]);
    repo.dispose();
  });

  it('runs npm ci once per lock into the cache, outside the original, and reuses it for the next verification', async () => {
    const repo = tempDir();
    const cache = tempDir();
    lockedPackage(repo.path);
    try {
      const first = await provideDependencies(repo.path, FILES, runnerSettings(cache.path));
      expect(first.source).toEqual({
        status: 'installed',
        command: 'npm ci --ignore-scripts',
        cached: false,
      });
      expect(first.modules!.startsWith(cache.path)).toBe(true);
      expect(existsSync(path.join(repo.path, 'node_modules'))).toBe(false);
      const second = await provideDependencies(repo.path, FILES, runnerSettings(cache.path));
      expect(second.source).toEqual({
        status: 'installed',
        command: 'npm ci --ignore-scripts',
        cached: true,
      });
      expect(second.modules).toBe(first.modules);
      await second.dispose();
      expect(existsSync(path.dirname(first.modules!))).toBe(true);
    } finally {
      repo.dispose();
      cache.dispose();
    }
  });

  it('removes an install made without a cache when disposed', async () => {
    const repo = tempDir();
    lockedPackage(repo.path);
    const deps = await provideDependencies(repo.path, FILES, runnerSettings());
    const home = path.dirname(deps.modules!);
    expect(existsSync(home)).toBe(true);
    await deps.dispose();
    expect(existsSync(home)).toBe(false);
    repo.dispose();
  });

  it('gives a clear reason when npm ci fails', async () => {
    const repo = tempDir();
    writeFileSync(
      path.join(repo.path, 'package.json'),
      '{"name":"x","version":"1.0.0","dependencies":{"left-pad":"1.3.0"}}',
    );
    writeFileSync(
      path.join(repo.path, 'package-lock.json'),
      '{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"}}}',
    );
    try {
      const attempt = provideDependencies(repo.path, FILES, runnerSettings());
      await expect(attempt).rejects.toThrow(InstallFailedError);
      await expect(provideDependencies(repo.path, FILES, runnerSettings())).rejects.toThrow(
        /npm ci --ignore-scripts failed for the repository's dependencies: .*Check the repository's package-lock\.json\./,
      );
    } finally {
      repo.dispose();
    }
  });
});
