import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { attestRoot } from './attest-root';
import { packagesWithModules, TOOL_CACHES } from './install-layout';

/**
 * What protection a run of untrusted code gets on this machine, for the report and the README:
 * bubblewrap's sandbox; else a network namespace alone; else a process of its own only.
 */
export type Isolation =
  | { level: 'sandbox'; network: 'cut'; how: string }
  | { level: 'network'; network: 'cut'; how: string }
  | { level: 'process'; network: 'open'; how: string };

/** What a user without bubblewrap is told, wherever Attest says it runs unsandboxed. */
export const INSTALL_BUBBLEWRAP =
  'install bubblewrap (apt-get install bubblewrap, dnf install bubblewrap, or apk add bubblewrap) to run tests in a sandbox';

/** The uid and gid of the user a sandboxed run is: never root, inside or out. */
const SANDBOX_ID = '1000';

/** Folders of the host that a sandbox hides: secrets, the host's sockets, other users' homes. */
const HIDDEN = ['/tmp', '/root', '/home', '/run', '/var/run', '/var/tmp', '/mnt', '/media', '/srv'];

let cached: Isolation | undefined;

/**
 * How runs can be contained here: bubblewrap (`bwrap`) when it is installed and may create its
 * namespaces, else a network namespace (`unshare --net`, which needs root or user namespaces),
 * else nothing but a process group. `ATTEST_SANDBOX=off` asks for no sandbox.
 */
export function isolation(env: NodeJS.ProcessEnv = process.env): Isolation {
  if (cached) return cached;
  if (env.ATTEST_SANDBOX !== 'off' && bwrapWorks())
    return (cached = {
      level: 'sandbox',
      network: 'cut',
      how: `a bubblewrap sandbox (new user, PID, network, IPC and UTS namespaces; uid ${SANDBOX_ID}; only the run's own folders writable)`,
    });
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
  cached =
    probe.status === 0
      ? {
          level: 'network',
          network: 'cut',
          how: 'a network namespace (unshare --net)',
        }
      : {
          level: 'process',
          network: 'open',
          how: 'a process group of its own, with the network open (unshare --net is not permitted here)',
        };
  return cached;
}

/** A folder that is not a link: /var/run is mostly a link to /run, which is hidden already. */
function isRealDirectory(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function bwrapWorks(): boolean {
  const probe = spawnSync(
    'bwrap',
    ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--', 'true'],
    { stdio: 'ignore', timeout: 5000 },
  );
  return probe.status === 0;
}

/** The folders a run may write (its copy, its scratch), and those outside the system it reads. */
export interface RunPaths {
  writable: string[];
  readable?: string[];
  /**
   * 'shared': the run keeps the host's network, as a package manager needs its registry; the
   * file system, processes and environment are contained all the same. Tests never get it.
   */
  network?: 'shared';
}

/**
 * The command line that runs `command args` contained, under a stand-in parent (a test that
 * kills its parent kills the stand-in): in bubblewrap's sandbox, where the system is read-only,
 * the host's /tmp, /root, /home and sockets are hidden, `paths.writable` alone can be written and
 * `paths.readable` (the dependencies, Attest itself) read; every process of the run dies with
 * the sandbox's PID namespace. Without bubblewrap, in a network namespace where allowed.
 */
export function isolatedCommand(
  command: string,
  args: string[],
  paths: RunPaths,
): { command: string; args: string[] } {
  const standIn = [path.join(attestRoot(), 'runtime', 'isolate.js'), command, ...args];
  const level = isolation().level;
  if (level === 'sandbox')
    return { command: 'bwrap', args: [...sandboxArgs(paths), process.execPath, ...standIn] };
  if (level === 'network' && paths.network !== 'shared')
    return { command: 'unshare', args: ['--net', '--', process.execPath, ...standIn] };
  return { command: process.execPath, args: standIn };
}

function sandboxArgs(paths: RunPaths): string[] {
  // Node and Attest are read wherever they are installed, under a hidden folder or not.
  const readable = [
    path.dirname(path.dirname(process.execPath)),
    attestRoot(),
    ...(paths.readable ?? []),
  ];
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : null);
  const binds = (flag: string, list: string[]) =>
    [...new Set(list.map(real).filter((p): p is string => p !== null))].flatMap((p) => [
      flag,
      p,
      p,
    ]);
  return [
    '--unshare-all',
    ...(paths.network === 'shared' ? ['--share-net'] : []),
    '--die-with-parent',
    '--new-session',
    '--uid',
    SANDBOX_ID,
    '--gid',
    SANDBOX_ID,
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    ...HIDDEN.filter(isRealDirectory).flatMap((dir) => ['--tmpfs', dir]),
    ...binds('--ro-bind', readable),
    // The folders that tools write inside node_modules (vite's config bundles, caches) are
    // empty and writable for the run alone; the install stays as it was.
    ...(paths.readable ?? []).flatMap(toolCaches).flatMap((dir) => ['--tmpfs', dir]),
    ...binds('--bind', paths.writable),
    '--',
  ];
}

/** Per install, the tool caches in its node_modules and its packages': found once, not per run. */
const cachesByTree = new Map<string, string[]>();

/** The tool caches of an install (TOOL_CACHES), which the install made for a sandbox to mount. */
function toolCaches(tree: string): string[] {
  const real = realpathSync(tree);
  let found = cachesByTree.get(real);
  if (!found) {
    found = ['', ...packagesWithModules(real)].flatMap((folder) =>
      TOOL_CACHES.map((cache) => path.join(real, folder, 'node_modules', cache)).filter(
        isRealDirectory,
      ),
    );
    cachesByTree.set(real, found);
  }
  return found;
}

/**
 * The install a workspace copy links to, whole (its node_modules and its packages'), for a
 * sandboxed run to read; none when the copy has no dependencies.
 */
export function dependencyTree(workspace: string): string[] {
  const modules = path.join(workspace, 'node_modules');
  return existsSync(modules) ? [path.dirname(realpathSync(modules))] : [];
}
