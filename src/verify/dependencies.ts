import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AttestError } from '../core/attest-error';
import { contentHash } from '../core/content-hash';
import type { DependencySource, RunnerSettings } from '../core/verification';
import {
  INSTALL_INPUTS,
  installPlan,
  readPackageJson,
  type InstallPlan,
  type PackageJson,
} from './package-manager';
import { lastWords, ProcessRunner } from './process-runner';

const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Why a verification could not get the repository's dependencies. */
export class InstallFailedError extends AttestError {
  constructor(message: string) {
    super(message, 'input');
  }
}

/** The repository's installed dependencies, which every copy of a verification links to. */
export interface Dependencies {
  /** The node_modules folder to link, or null when the repository has none to install. */
  modules: string | null;
  source: DependencySource;
  /** The hash of package.json, the lock file and .npmrc: what the install depends on. */
  key: string;
  /** Removes an install made for this verification alone; a cached one stays. */
  dispose(): Promise<void>;
}

/**
 * The repository's dependencies: its own node_modules when it has one (linked, not copied: a
 * copy of a large tree costs seconds per job), else an install by its own package manager from
 * its lock file, scripts off (see installPlan), once, into the cache, where the next
 * verification of the same lock finds it. The install runs in a copy of the snapshot's
 * `files`, so that `file:` dependencies and workspaces resolve. A repository that declares no
 * dependency installs nothing.
 */
export async function provideDependencies(
  root: string,
  files: readonly string[],
  options: RunnerSettings,
  runner = new ProcessRunner(),
): Promise<Dependencies> {
  const own = path.join(root, 'node_modules');
  const kept = async () => {};
  const key = await installKey(root);
  if (existsSync(own))
    return { modules: own, source: { status: 'linked', from: own }, key, dispose: kept };
  const pkg = readPackageJson(root);
  const plan = installPlan(root, pkg);
  if (!plan || !pkg || !declaresDependencies(root, pkg))
    return { modules: null, source: { status: 'none' }, key, dispose: kept };
  const home = options.cacheDir
    ? path.join(options.cacheDir, 'dependencies', key)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'attest-deps-'));
  const modules = path.join(home, 'node_modules');
  const source = (cached: boolean, installMs: number): DependencySource => ({
    status: 'installed',
    manager: plan.manager,
    command: plan.display,
    cached,
    installMs,
    ...(plan.warning ? { warning: plan.warning } : {}),
  });
  const dispose = options.cacheDir ? kept : () => fs.rm(home, { recursive: true, force: true });
  if (options.cacheDir && existsSync(path.join(home, COMPLETE)))
    return { modules, source: source(true, await installTime(home)), key, dispose };
  let installMs: number;
  try {
    const locals = localDependencies(root, pkg);
    installMs = await install(
      root,
      [...files, ...locals],
      home,
      plan,
      options,
      runner,
      options.cacheDir !== null,
    );
  } catch (error) {
    await dispose();
    throw error;
  }
  return { modules, source: source(false, installMs), key, dispose };
}

/** The paths inside the repository that package.json's `file:` and `link:` dependencies name. */
function localDependencies(root: string, pkg: PackageJson): string[] {
  return ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((field) =>
    Object.values((pkg[field] ?? {}) as Record<string, unknown>).flatMap((spec) => {
      const local = typeof spec === 'string' ? /^(?:file|link):(.+)$/.exec(spec)?.[1] : null;
      const relative = local ? path.normalize(local) : null;
      return relative &&
        !relative.startsWith('..') &&
        !path.isAbsolute(relative) &&
        existsSync(path.join(root, relative))
        ? [relative]
        : [];
    }),
  );
}

/** Whether package.json names anything to install. */
function declaresDependencies(root: string, pkg: PackageJson): boolean {
  if (existsSync(path.join(root, 'pnpm-workspace.yaml'))) return true;
  return ['dependencies', 'devDependencies', 'optionalDependencies', 'workspaces'].some(
    (field) => pkg[field] && Object.keys(pkg[field]).length > 0,
  );
}

/** Marks a cached install as whole: a folder without it is an install that died midway. */
const COMPLETE = '.attest-complete';

/** What the marker of a cached install recorded of its install's time; 0 from an older marker. */
async function installTime(home: string): Promise<number> {
  const text = await fs.readFile(path.join(home, COMPLETE), 'utf8').catch(() => '');
  try {
    return (JSON.parse(text) as { installMs?: number }).installMs ?? 0;
  } catch {
    return 0;
  }
}

async function installKey(root: string): Promise<string> {
  const inputs = await Promise.all(
    INSTALL_INPUTS.map((f) => fs.readFile(path.join(root, f), 'utf8').catch(() => '')),
  );
  return contentHash(inputs.join('\u0000'));
}

/**
 * Installs into a folder of its own and, for the cache, moves it into place only when whole,
 * so that two jobs on the same lock never see each other's half-done install. Gives the time
 * the install took.
 */
async function install(
  root: string,
  files: readonly string[],
  home: string,
  plan: InstallPlan,
  options: RunnerSettings,
  runner: ProcessRunner,
  cached: boolean,
): Promise<number> {
  const start = Date.now();
  const dir = cached ? `${home}.${process.pid}-${Date.now()}` : home;
  await fs.mkdir(dir, { recursive: true });
  try {
    // The snapshot's files, and what its `file:` dependencies name (a tarball is no source
    // file the snapshot lists, but the install needs it).
    for (const file of new Set([...files, ...INSTALL_INPUTS])) {
      if (!existsSync(path.join(root, file))) continue;
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.cp(path.join(root, file), path.join(dir, file), { recursive: true });
    }
    const result = await runner.run({
      command: plan.command,
      args: plan.args,
      cwd: dir,
      env: { PATH: options.path, HOME: options.home, ...plan.env },
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
    if (result.status !== 'exited' || result.code !== 0) {
      const why =
        result.status === 'timed-out' ? 'it took longer than 10 minutes' : lastWords(result);
      throw new InstallFailedError(
        `${plan.display} failed for the repository's dependencies: ${why}. Fix the install (its lock file, its registry), then run again.`,
      );
    }
    const installMs = Date.now() - start;
    await fs.writeFile(path.join(dir, COMPLETE), JSON.stringify({ installMs }));
    if (!cached) return installMs;
    // The final folder only ever appears whole, through this rename.
    await fs.rename(dir, home).catch((error: NodeJS.ErrnoException) => {
      // Another job finished the same install first: theirs serves.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return installMs;
  } finally {
    if (cached) await fs.rm(dir, { recursive: true, force: true });
  }
}
