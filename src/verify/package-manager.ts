import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** How a repository's dependencies are installed: its package manager, from its lock and its `packageManager` field. */
export interface InstallPlan {
  manager: 'npm' | 'pnpm' | 'yarn';
  /** The executable and its arguments: a package manager from Attest's own install, run by this Node. */
  command: string;
  args: string[];
  /** What the report shows: `pnpm install --frozen-lockfile --ignore-scripts`. */
  display: string;
  /** Variables the install needs beside PATH and HOME. */
  env: Record<string, string>;
  /** Set when there is no lock file to follow. */
  warning?: string;
  /**
   * Tried when the frozen install fails: the repository pins another major version of its
   * manager, whose lock settings Attest's own may not read exactly. It keeps the lock's
   * versions where it can, and the report carries its warning.
   */
  fallback?: { args: string[]; display: string; warning: string };
}

/** The files whose content decides an install: the cache is keyed by them. */
export const INSTALL_INPUTS = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'yarn.lock',
  '.yarnrc.yml',
  '.npmrc',
];

/**
 * The install a repository asks for, scripts off, lock frozen: `npm ci` for package-lock.json,
 * `pnpm install --frozen-lockfile` for pnpm-lock.yaml, `yarn install --immutable` (berry: a
 * `.yarnrc.yml` or a `packageManager` of yarn 2 or later) or `--frozen-lockfile` (classic) for
 * yarn.lock, and `npm install` with a warning when there is no lock. pnpm and yarn are Attest's
 * own dependencies (pure JavaScript), so a machine with Node alone can install any of them;
 * the `packageManager` field chooses the manager, not its exact version. Null when the
 * repository has no package.json.
 */
export function installPlan(
  root: string,
  pkg: PackageJson | null,
  scope?: string,
): InstallPlan | null {
  if (!pkg) return null;
  const pinned = pinnedManager(pkg);
  const has = (file: string) => existsSync(path.join(root, file));
  const manager =
    pinned?.name ?? (has('pnpm-lock.yaml') ? 'pnpm' : has('yarn.lock') ? 'yarn' : ('npm' as const));
  if (manager === 'pnpm') {
    // One package of a workspace needs its own dependencies, the workspace packages it uses
    // and the root's (where the test runner usually is), not every package's.
    const filter =
      scope && has('pnpm-workspace.yaml') ? ['--filter', `./${scope}...`, '--filter', '.'] : [];
    const settings = [
      '--ignore-scripts',
      '--ignore-pnpmfile',
      '--config.confirmModulesPurge=false',
      // pnpm would otherwise fetch the exact version the repository pins, which needs
      // registry signatures and a network; Attest's own pnpm reads the same lock.
      '--config.manage-package-manager-versions=false',
      ...filter,
    ];
    const entry = bundled('pnpm', 'bin/pnpm.cjs');
    const own = bundledVersion('pnpm');
    const relaxed = ['install', '--no-frozen-lockfile', '--prefer-frozen-lockfile', ...settings];
    return {
      manager,
      command: process.execPath,
      args: [entry, 'install', '--frozen-lockfile', ...settings],
      display: `pnpm install --frozen-lockfile --ignore-scripts --ignore-pnpmfile${filter.length ? ` ${filter.join(' ')}` : ''}`,
      env: { CI: 'true' },
      ...(has('pnpm-lock.yaml') ? {} : { warning: noLock('pnpm-lock.yaml') }),
      ...(pinned && pinned.major !== own.split('.')[0]
        ? {
            fallback: {
              args: [entry, ...relaxed],
              display: `pnpm install --prefer-frozen-lockfile --ignore-scripts --ignore-pnpmfile${filter.length ? ` ${filter.join(' ')}` : ''}`,
              warning: `the repository pins pnpm ${pinned.version}, whose lock file pnpm ${own} (Attest's own; pnpm ${pinned.major} may need a newer Node) could not follow exactly: the install kept the lock's versions where it could, so some may differ from the team's.`,
            },
          }
        : {}),
    };
  }
  if (manager === 'yarn') {
    const berry = has('.yarnrc.yml') || (pinned !== null && Number(pinned.major) >= 2);
    const args = berry
      ? ['install', '--immutable', '--mode=skip-build']
      : ['install', '--frozen-lockfile', '--ignore-scripts', '--non-interactive'];
    return {
      manager,
      command: process.execPath,
      args: [
        berry ? bundled('@yarnpkg/cli-dist', 'bin/yarn.js') : bundled('yarn', 'bin/yarn.js'),
        ...args,
      ],
      display: `yarn ${args.join(' ')}`,
      // Plug'n'Play leaves no node_modules for the runner's copies to link.
      env: berry
        ? { YARN_NODE_LINKER: 'node-modules', YARN_ENABLE_TELEMETRY: '0', CI: 'true' }
        : { CI: 'true' },
      ...(has('yarn.lock') ? {} : { warning: noLock('yarn.lock') }),
    };
  }
  const npm = path.join(path.dirname(process.execPath), 'npm');
  const locked = has('package-lock.json') || has('npm-shrinkwrap.json');
  const args = [locked ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'];
  return {
    manager: 'npm',
    command: existsSync(npm) ? npm : 'npm',
    args,
    display: `npm ${args.slice(0, 2).join(' ')}`,
    env: {},
    ...(locked ? {} : { warning: noLock('package-lock.json') }),
  };
}

function noLock(lock: string): string {
  return `the repository has no ${lock}: its dependencies were installed at the newest versions its package.json allows, which may differ from the team's.`;
}

/** A repository's package.json, as the install reads it. */
export type PackageJson = Record<string, unknown>;

/** The repository's package.json, read once for every decision about its install; null without one. */
export function readPackageJson(root: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

/** `"packageManager": "pnpm@9.1.0+sha512…"` → pnpm, version 9.1.0, major 9. */
function pinnedManager(
  pkg: PackageJson,
): { name: 'npm' | 'pnpm' | 'yarn'; version: string; major: string } | null {
  const field = pkg.packageManager;
  const match = typeof field === 'string' ? /^(npm|pnpm|yarn)@((\d+)[^+]*)/.exec(field) : null;
  return match
    ? { name: match[1] as 'npm' | 'pnpm' | 'yarn', version: match[2]!, major: match[3]! }
    : null;
}

/** The version of a package manager of Attest's own. */
function bundledVersion(name: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(packageRoot(name), 'package.json'), 'utf8'),
  ) as { version: string };
  return manifest.version;
}

/** A package manager's entry in Attest's own install. */
function bundled(name: string, entry: string): string {
  return path.join(packageRoot(name), entry);
}

/** The folder of a package of Attest's own, whether or not its exports name package.json. */
function packageRoot(name: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    // pnpm exports only ".", which is its package.json.
    let dir = path.dirname(require.resolve(name));
    while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir)
      dir = path.dirname(dir);
    return dir;
  }
}
