import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InstallFailedError, provideDependencies } from '../../src/verify/dependencies';
import { isolation } from '../../src/verify/isolation';
import { runnerSettings } from '../helpers/factories';
import { lockedPackage } from '../helpers/locked-package';
import { tempDir } from '../helpers/temp-dir';

describe(provideDependencies.name, () => {
  it('installs nothing for a package that declares no dependency', async () => {
    const repo = tempDir();
    writeFileSync(path.join(repo.path, 'package.json'), '{"name":"x","version":"1.0.0"}');
    const deps = await provideDependencies(repo.path, ['package.json'], runnerSettings());
    expect([deps.modules, deps.source]).toEqual([null, { status: 'none' }]);
    repo.dispose();
  });

  it("links the repository's own node_modules when it has one", async () => {
    const repo = tempDir();
    const files = lockedPackage(repo.path, 'npm');
    const own = path.join(repo.path, 'node_modules');
    mkdirSync(own);
    const deps = await provideDependencies(repo.path, files, runnerSettings());
    expect([deps.modules, deps.source]).toEqual([own, { status: 'linked', from: own }]);
    repo.dispose();
  });

  it.each([
    ['npm', 'npm', 'npm ci --ignore-scripts'],
    ['pnpm', 'pnpm', 'pnpm install --frozen-lockfile --ignore-scripts --ignore-pnpmfile'],
    ['yarn-classic', 'yarn', 'yarn install --frozen-lockfile --ignore-scripts --non-interactive'],
    ['yarn-berry', 'yarn', 'yarn install --immutable --mode=skip-build'],
  ] as const)(
    'installs a %s lock once into the cache, outside the original, and reuses it',
    async (kind, manager, command) => {
      const repo = tempDir();
      const cache = tempDir();
      try {
        const files = lockedPackage(repo.path, kind);
        const first = await provideDependencies(repo.path, files, runnerSettings(cache.path));
        expect(first.source).toEqual({
          status: 'installed',
          manager,
          command,
          cached: false,
          installMs: expect.any(Number),
        });
        expect(first.modules!.startsWith(cache.path)).toBe(true);
        expect(existsSync(path.join(repo.path, 'node_modules'))).toBe(false);
        // The dependency resolves from the installed tree, as the runner's copies will see it.
        const main = require.resolve('dep', { paths: [first.modules!] });
        expect(readFileSync(main, 'utf8')).toBe('module.exports = 42;\n');
        const second = await provideDependencies(repo.path, files, runnerSettings(cache.path));
        // The reuse reports the time the install took when it ran, not the reuse's.
        expect(second.source).toMatchObject({
          status: 'installed',
          cached: true,
          installMs: (first.source as { installMs: number }).installMs,
        });
        expect(second.modules).toBe(first.modules);
      } finally {
        repo.dispose();
        cache.dispose();
      }
    },
    120_000,
  );

  it('installs a package with no lock file with npm install, and warns that versions may differ', async () => {
    const repo = tempDir();
    try {
      const files = lockedPackage(repo.path, 'npm');
      rmSync(path.join(repo.path, 'package-lock.json'));
      const deps = await provideDependencies(
        repo.path,
        files.filter((f) => f !== 'package-lock.json'),
        runnerSettings(),
      );
      expect(deps.source).toEqual({
        status: 'installed',
        manager: 'npm',
        command: 'npm install --ignore-scripts',
        cached: false,
        installMs: expect.any(Number),
        warning: expect.stringMatching(/has no package-lock\.json: .* may differ from the team's/),
      });
      await deps.dispose();
    } finally {
      repo.dispose();
    }
  });

  it('removes an install made without a cache when disposed', async () => {
    const repo = tempDir();
    const files = lockedPackage(repo.path, 'npm');
    const deps = await provideDependencies(repo.path, files, runnerSettings());
    const home = path.dirname(deps.modules!);
    expect(existsSync(home)).toBe(true);
    await deps.dispose();
    expect(existsSync(home)).toBe(false);
    repo.dispose();
  });

  (isolation().level === 'sandbox' ? it : it.skip)(
    "installs in the sandbox: a repository's .npmrc cannot make npm write outside its folder",
    async () => {
      const repo = tempDir();
      const outside = tempDir();
      try {
        const files = lockedPackage(repo.path, 'npm');
        // npm writes its logs into its cache: here, a folder of the host's.
        writeFileSync(path.join(repo.path, '.npmrc'), `cache=${outside.path}\n`);
        const deps = await provideDependencies(repo.path, [...files, '.npmrc'], runnerSettings());
        expect(deps.source.status).toBe('installed');
        expect(readFileSync(path.join(deps.modules!, 'dep', 'index.js'), 'utf8')).toContain('42');
        expect(readdirSync(outside.path)).toEqual([]);
        await deps.dispose();
      } finally {
        repo.dispose();
        outside.dispose();
      }
    },
  );

  it('goes on without the dev dependencies it cannot install, when the code needs none to run', async () => {
    const repo = tempDir();
    try {
      writeFileSync(
        path.join(repo.path, 'package.json'),
        JSON.stringify({
          name: 'x',
          version: '1.0.0',
          // A dev tool from a host that refuses: here, a closed port of this machine.
          devDependencies: { gone: 'http://127.0.0.1:9/gone.tgz' },
        }),
      );
      writeFileSync(path.join(repo.path, '.npmrc'), 'fetch-retries=0\n');
      const deps = await provideDependencies(
        repo.path,
        ['package.json', '.npmrc'],
        runnerSettings(),
      );
      expect(deps.modules).toBeNull();
      expect(deps.source).toEqual({
        status: 'none',
        warning: expect.stringMatching(
          /^npm install --ignore-scripts failed for the repository's dependencies: .*[^.]\. The code declares no run-time dependency, so the job went on without its dev dependencies\.$/,
        ),
      });
    } finally {
      repo.dispose();
    }
  });

  it("ends with the package manager's own message when the install fails", async () => {
    const repo = tempDir();
    try {
      const files = lockedPackage(repo.path, 'pnpm');
      // The lock no longer matches package.json: a frozen install refuses.
      writeFileSync(
        path.join(repo.path, 'package.json'),
        JSON.stringify({
          name: 'x',
          version: '1.0.0',
          dependencies: { dep: 'file:./dep', other: 'file:./dep' },
        }),
      );
      const attempt = provideDependencies(repo.path, files, runnerSettings());
      await expect(attempt).rejects.toThrow(InstallFailedError);
      await expect(provideDependencies(repo.path, files, runnerSettings())).rejects.toThrow(
        /^pnpm install --frozen-lockfile --ignore-scripts --ignore-pnpmfile failed for the repository's dependencies: .*lockfile.*Fix the install/i,
      );
    } finally {
      repo.dispose();
    }
  });
});
