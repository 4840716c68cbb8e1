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
import { packagesWithModules, TOOL_CACHES } from './install-layout';
import { lastWords, ProcessRunner } from './process-runner';
import { ignoredCode, refusedHosts, withoutRepositoryCode } from './install-guard';
import { nonRegistryInputs } from './install-sources';
import { handOver } from './sandbox-owner';
import { snapshotHash } from './snapshot-hash';
import { runInstall, succeeded } from './install-run';

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
  /**
   * The workspace packages (relative folders) that have a node_modules of their own beside
   * `modules`' folder, as pnpm and yarn workspaces make them: each copy links them too.
   */
  nested: string[];
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
  scope?: string,
  runner = new ProcessRunner(),
): Promise<Dependencies> {
  const own = path.join(root, 'node_modules');
  const kept = async () => {};
  const pkg = readPackageJson(root);
  const plan = installPlan(root, pkg, scope);
  // A filtered install (one package of a workspace) is its own entry of the cache.
  const key = await installKey(
    root,
    files,
    pkg,
    plan?.args.includes('--filter') ? scope : undefined,
  );
  if (existsSync(own))
    return {
      modules: own,
      nested: await makeToolCaches(root, nestedModules(root, pkg)),
      source: { status: 'linked', from: own },
      key,
      dispose: kept,
    };
  if (!plan || !pkg || !declaresDependencies(root, pkg))
    return { modules: null, nested: [], source: { status: 'none' }, key, dispose: kept };
  const home = options.cacheDir
    ? path.join(options.cacheDir, 'dependencies', key)
    : await fs.mkdtemp(path.join(os.tmpdir(), 'attest-deps-'));
  const modules = path.join(home, 'node_modules');
  const source = (cached: boolean, done: Installed): DependencySource => {
    const warning = done.fallback ? plan.fallback?.warning : plan.warning;
    return {
      status: 'installed',
      manager: plan.manager,
      command: (done.fallback && plan.fallback?.display) || plan.display,
      cached,
      installMs: done.installMs,
      ...(warning ? { warning } : {}),
    };
  };
  const dispose = options.cacheDir ? kept : () => fs.rm(home, { recursive: true, force: true });
  const failed = failedInstalls.get(key);
  if (failed && Date.now() - failed.at < FAILED_INSTALL_MS)
    return {
      modules: null,
      nested: [],
      source: { status: 'none', warning: failed.warning },
      key,
      dispose: kept,
    };
  if (options.cacheDir && existsSync(path.join(home, COMPLETE)))
    return {
      modules,
      nested: await makeToolCaches(home, nestedModules(home, pkg)),
      source: source(true, await installed(home)),
      key,
      dispose,
    };
  let done: Installed;
  try {
    const locals = localDependencies(root, pkg);
    done = await install(
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
    // A package with no run-time dependency runs without its dev tools (a published tarball
    // whose dev dependencies sit on a git host out of reach): the job goes on, and says so.
    if (error instanceof InstallFailedError && !needsAtRunTime(root, pkg)) {
      const warning = `${error.message.replace(/\.* Fix the install.*$/, '')}. The code declares no run-time dependency, so the job went on without its dev dependencies.`;
      failedInstalls.set(key, { warning, at: Date.now() });
      return { modules: null, nested: [], source: { status: 'none', warning }, key, dispose: kept };
    }
    throw error;
  }
  return {
    modules,
    nested: await makeToolCaches(home, nestedModules(home, pkg)),
    source: source(false, done),
    key,
    dispose,
  };
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

/** Makes the folders that tools write inside node_modules, for a sandbox to mount writable. */
async function makeToolCaches(tree: string, nested: string[]): Promise<string[]> {
  for (const folder of ['', ...nested])
    for (const cache of TOOL_CACHES) {
      const modules = path.join(tree, folder, 'node_modules');
      if (existsSync(modules))
        await fs.mkdir(path.join(modules, cache), { recursive: true }).catch(() => {});
    }
  return nested;
}

/**
 * The folders below `tree` that hold a package with a node_modules of its own: the packages
 * of a workspace, as its manager installed them. Only a workspace root has them.
 */
function nestedModules(tree: string, pkg: PackageJson | null): string[] {
  const workspace = existsSync(path.join(tree, 'pnpm-workspace.yaml')) || Boolean(pkg?.workspaces);
  return workspace ? packagesWithModules(tree) : [];
}

/**
 * Installs that failed and that the job went on without, by install key: the job's next
 * verifications (and jobs soon after) do not wait on the same failing registry again. A
 * while later the install is tried anew, since a registry out of reach may come back.
 */
const failedInstalls = new Map<string, { warning: string; at: number }>();
const FAILED_INSTALL_MS = 10 * 60_000;

/** Whether the code needs installed packages to run: dependencies of its own, or a workspace. */
function needsAtRunTime(root: string, pkg: PackageJson): boolean {
  return listsPackages(root, pkg, ['dependencies', 'optionalDependencies', 'peerDependencies']);
}

/** Whether package.json names anything to install. */
function declaresDependencies(root: string, pkg: PackageJson): boolean {
  return listsPackages(root, pkg, ['dependencies', 'devDependencies', 'optionalDependencies']);
}

/** Whether the repository is a workspace, or package.json lists packages in one of these fields. */
function listsPackages(root: string, pkg: PackageJson, fields: string[]): boolean {
  if (existsSync(path.join(root, 'pnpm-workspace.yaml'))) return true;
  return [...fields, 'workspaces'].some(
    (field) => pkg[field] && Object.keys(pkg[field]).length > 0,
  );
}

/** Marks a cached install as whole: a folder without it is an install that died midway. */
const COMPLETE = '.attest-complete';

/** What an install recorded in its marker: its time, and whether the plan's fallback did it. */
interface Installed {
  installMs: number;
  fallback: boolean;
}

/** What the marker of a cached install recorded; nothing known from an older marker. */
async function installed(home: string): Promise<Installed> {
  const text = await fs.readFile(path.join(home, COMPLETE), 'utf8').catch(() => '');
  try {
    const marker = JSON.parse(text) as Partial<Installed>;
    return { installMs: marker.installMs ?? 0, fallback: marker.fallback ?? false };
  } catch {
    return { installMs: 0, fallback: false };
  }
}

/**
 * The cache key of an install: its inputs, when every dependency is a registry package with an
 * integrity hash in the lock; with anything else (`file:`, git, a pnpmfile, patches, no lock),
 * the content of every file of the snapshot too, since any of them can shape the install.
 */
async function installKey(
  root: string,
  files: readonly string[],
  pkg: PackageJson | null,
  scope?: string,
): Promise<string> {
  const inputs = await Promise.all(
    INSTALL_INPUTS.map((f) => fs.readFile(path.join(root, f), 'utf8').catch(() => '')),
  );
  const shared = pkg !== null && nonRegistryInputs(root, files, pkg).length === 0;
  const everything = shared ? '' : await snapshotHash(root, files);
  return contentHash([...inputs, scope ?? '', everything].join('\u0000'));
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
): Promise<Installed> {
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
    const asked = await withoutRepositoryCode(dir);
    const { result, fallback, refused, exceeded } = await runInstall(dir, plan, options, runner);
    if (!succeeded(result)) {
      const why = exceeded
        ? `it ${exceeded}`
        : result.status === 'timed-out'
          ? 'it took longer than 10 minutes'
          : `${result.status === 'signalled' ? `it was stopped by ${result.signal}` : `it exited with ${result.code}`}, after: ${lastWords(result)}`;
      throw new InstallFailedError(
        `${(fallback && plan.fallback?.display) || plan.display} failed for the repository's dependencies: ${why}.${refusedHosts(refused)}${ignoredCode(asked)} Fix the install (its lock file, its registry), then run again.`,
      );
    }
    // The install is the runner's now: no later run, as any user, may change it.
    if (process.getuid?.() === 0) await handOver([dir], 0);
    const done: Installed = { installMs: Date.now() - start, fallback };
    await fs.writeFile(path.join(dir, COMPLETE), JSON.stringify(done));
    if (!cached) return done;
    // The final folder only ever appears whole, through this rename.
    await fs.rename(dir, home).catch((error: NodeJS.ErrnoException) => {
      // Another job finished the same install first: theirs serves.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
    return done;
  } finally {
    if (cached) await fs.rm(dir, { recursive: true, force: true });
  }
}
