import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export type Manager = 'npm' | 'pnpm' | 'yarn-classic' | 'yarn-berry';
const LOCKS: Record<Manager, string> = {
  npm: 'package-lock.json',
  pnpm: 'pnpm-lock.yaml',
  'yarn-classic': 'yarn.lock',
  'yarn-berry': 'yarn.lock',
};
const ENTRY: Record<Exclude<Manager, 'npm'>, string> = {
  pnpm: 'pnpm/bin/pnpm.cjs',
  'yarn-classic': 'yarn/bin/yarn.js',
  'yarn-berry': '@yarnpkg/cli-dist/bin/yarn.js',
};

/**
 * A package with one dependency, a folder of its own (`file:dep`), locked by the real package
 * manager: an install needs no registry. Returns the files of the snapshot.
 */
export function lockedPackage(dir: string, manager: Manager): string[] {
  mkdirSync(path.join(dir, 'dep'));
  writeFileSync(
    path.join(dir, 'dep', 'package.json'),
    '{"name":"dep","version":"1.0.0","main":"index.js"}',
  );
  writeFileSync(path.join(dir, 'dep', 'index.js'), 'module.exports = 42;\n');
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'x', version: '1.0.0', dependencies: { dep: 'file:./dep' } }),
  );
  // Writing the lock is the point here: under CI=true yarn berry would refuse to create one.
  const env = {
    ...process.env,
    YARN_ENABLE_TELEMETRY: '0',
    YARN_NODE_LINKER: 'node-modules',
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  };
  if (manager === 'yarn-berry')
    writeFileSync(path.join(dir, '.yarnrc.yml'), 'nodeLinker: node-modules\n');
  if (manager === 'npm')
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts'], {
      cwd: dir,
      env,
      stdio: 'ignore',
    });
  else
    execFileSync(
      process.execPath,
      [
        path.join(__dirname, '..', '..', 'node_modules', ENTRY[manager]),
        'install',
        ...(manager === 'pnpm' ? ['--lockfile-only'] : []),
      ],
      {
        cwd: dir,
        env,
        stdio: 'ignore',
      },
    );
  rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
  if (!existsSync(path.join(dir, LOCKS[manager])))
    throw new Error(`${manager} wrote no ${LOCKS[manager]} in ${dir}`);
  return [
    'package.json',
    LOCKS[manager],
    'dep/package.json',
    'dep/index.js',
    ...(manager === 'yarn-berry' ? ['.yarnrc.yml'] : []),
  ];
}

/**
 * A package.json and the package-lock.json npm would write for it: `packages` are the locked
 * dependencies beside the root (`node_modules/dep`), with where each resolves and its integrity.
 */
export function writeNpmLock(
  dir: string,
  pkg: { name: string; version: string; dependencies?: Record<string, string> },
  packages: Record<string, { version: string; resolved: string; integrity: string }> = {},
): void {
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
  writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify({
      name: pkg.name,
      version: pkg.version,
      lockfileVersion: 3,
      requires: true,
      packages: { '': pkg, ...packages },
    }),
  );
}
