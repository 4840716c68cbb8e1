import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { parseSandboxPolicy, type SandboxPolicy } from '../core/sandbox-policy';
import { attestRoot, runtimeFile } from './attest-root';
import { packagesWithModules, TOOL_CACHES } from './install-layout';
import { handOver } from './sandbox-owner';
import { limitMechanism, openRunLimits } from './sandbox-limits';
import { systemMounts } from './sandbox-mounts';

/**
 * What protection a run of untrusted code gets on this machine, for the report and the README:
 * bubblewrap's sandbox; else a network namespace alone; else a process of its own only.
 */
export type Isolation =
  | { level: 'sandbox'; network: 'cut'; how: string; policy: SandboxPolicy }
  | { level: 'network'; network: 'cut'; how: string; policy: SandboxPolicy }
  | { level: 'process'; network: 'open'; how: string; policy: SandboxPolicy };

/** What a user without bubblewrap is told, wherever Attest says it runs unsandboxed. */
export const INSTALL_BUBBLEWRAP =
  'install bubblewrap (apt-get install bubblewrap, dnf install bubblewrap, or apk add bubblewrap) to run tests in a sandbox';

/** The uid a run has inside the user namespace, when Attest is not root: never root inside. */
const INNER_ID = '1000';

let cached: Isolation | undefined;

/**
 * How runs can be contained here: bubblewrap (`bwrap`) when it is installed and may create its
 * namespaces, else a network namespace (`unshare --net`, which needs root or user namespaces),
 * else nothing but a process group. `ATTEST_SANDBOX=off` asks for no sandbox.
 */
export function isolation(env: NodeJS.ProcessEnv = process.env): Isolation {
  if (cached) return cached;
  const policy = parseSandboxPolicy(env);
  if (env.ATTEST_SANDBOX !== 'off' && bwrapWorks())
    return (cached = {
      level: 'sandbox',
      network: 'cut',
      how: `a bubblewrap sandbox (PID, network, IPC and UTS namespaces; ${identity(policy)}; only system folders, the run's own copy and its install mounted; ${limitMechanism(policy).how}, a ${policy.tmpfsMb} MiB /tmp and files of ${policy.fileMb} MiB at most)`,
      policy,
    });
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
  cached =
    probe.status === 0
      ? { level: 'network', network: 'cut', how: 'a network namespace (unshare --net)', policy }
      : {
          level: 'process',
          network: 'open',
          how: 'a process group of its own, with the network open (unshare --net is not permitted here)',
          policy,
        };
  return cached;
}

/** Who untrusted code runs as, in words. */
function identity(policy: SandboxPolicy): string {
  return runsAsRoot()
    ? `host uid ${policy.uid}, no capabilities`
    : `uid ${INNER_ID} in a user namespace, mapped to Attest's own unprivileged uid ${process.getuid?.()}`;
}

function runsAsRoot(): boolean {
  return process.getuid?.() === 0;
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
  /** Files or folders mounted read-only at another path inside (the operator's registry settings). */
  mounts?: { from: string; to: string }[];
  /**
   * 'registries': the run reaches the configured registries alone, through Attest's egress
   * proxy, whose socket lies in this folder (an install). Tests never get it.
   */
  proxy?: string;
}

/** A command ready to spawn, the limit it reached once it has ended, and its clean-up. */
export interface ContainedCommand {
  command: string;
  args: string[];
  exceeded: () => Promise<string | null>;
  dispose: () => Promise<void>;
}

/**
 * The command line that runs `command args` contained, under a stand-in parent (a test that
 * kills its parent kills the stand-in): in bubblewrap's sandbox, built from an allowlist (the
 * system's toolchain folders read-only, Node, Attest's runtime, `paths.readable`, and
 * `paths.writable` alone writable), as an unprivileged user, with its limits; every process of
 * the run dies with the sandbox's PID namespace. Without bubblewrap, in a network namespace
 * where allowed. The writable folders are handed to the sandbox's user first.
 */
export async function containCommand(
  command: string,
  args: string[],
  paths: RunPaths,
): Promise<ContainedCommand> {
  const standIn = [runtimeFile('isolate'), command, ...args];
  const contained = isolation();
  const none = { exceeded: () => Promise.resolve(null), dispose: () => Promise.resolve() };
  if (contained.level === 'network' && !paths.proxy)
    return { command: 'unshare', args: ['--net', '--', process.execPath, ...standIn], ...none };
  if (contained.level !== 'sandbox') return { command: process.execPath, args: standIn, ...none };
  const { policy } = contained;
  if (runsAsRoot())
    await handOver([...paths.writable, ...(paths.proxy ? [paths.proxy] : [])], policy.uid);
  const limits = await openRunLimits(policy, paths.proxy ? 'install' : 'test');
  const drop = runsAsRoot()
    ? [
        'setpriv',
        `--reuid=${policy.uid}`,
        `--regid=${policy.uid}`,
        '--clear-groups',
        '--inh-caps=-all',
        '--bounding-set=-all',
        '--',
      ]
    : [];
  const inner = [...limits.inside, ...drop, process.execPath, ...standIn];
  const outer = ['bwrap', ...sandboxArgs(paths, policy), ...inner];
  const [first, ...rest] = [...limits.outside, ...outer];
  return { command: first!, args: rest, exceeded: limits.exceeded, dispose: limits.dispose };
}

function sandboxArgs(paths: RunPaths, policy: SandboxPolicy): string[] {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : null);
  const made = new Set<string>(['/']);
  // bubblewrap makes the folders above a mount point for root alone (0700): the sandbox's user
  // could not pass through them, so each is made first, readable by all.
  const parents = (dest: string): string[] =>
    ancestors(dest).flatMap((dir) =>
      made.has(dir) ? [] : (made.add(dir), ['--perms', '0755', '--dir', dir]),
    );
  const mount = (flag: string, from: string, to: string) => [...parents(to), flag, from, to];
  const binds = (flag: string, list: string[]) =>
    [...new Set(list.map(real).filter((p): p is string => p !== null))].flatMap((p) =>
      mount(flag, p, p),
    );
  const tmpfs = (dir: string) => [
    ...parents(dir),
    ...['--perms', '1777', '--size', String(policy.tmpfsMb * 1024 * 1024), '--tmpfs', dir],
  ];
  return [
    // As root, no user namespace: its uid map would make the sandbox's user host root. setpriv
    // drops to the unprivileged uid once the mounts are made.
    ...(runsAsRoot() ? [] : ['--unshare-user', '--uid', INNER_ID, '--gid', INNER_ID]),
    '--unshare-ipc',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--die-with-parent',
    '--new-session',
    ...systemMounts(parents),
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    ...tmpfs('/tmp'),
    ...binds('--ro-bind', [nodePrefix(), ...attestParts(), ...(paths.readable ?? [])]),
    ...(paths.mounts ?? []).flatMap(({ from, to }) =>
      existsSync(from) ? mount('--ro-bind', from, to) : [],
    ),
    // The folders that tools write inside node_modules (vite's config bundles, caches) are
    // empty and writable for the run alone; the install stays as it was.
    ...(paths.readable ?? []).flatMap(toolCaches).flatMap(tmpfs),
    ...binds('--bind', [...paths.writable, ...(paths.proxy ? [paths.proxy] : [])]),
    '--',
  ];
}

/** The folders above a path, outermost first: /a/b/c gives /a and /a/b. */
function ancestors(dest: string): string[] {
  const found: string[] = [];
  for (let dir = path.dirname(dest); dir !== path.dirname(dir); dir = path.dirname(dir))
    found.unshift(dir);
  return found;
}

/** Node's own install, unless it lies in /usr, which the system mounts hold already. */
export function nodePrefix(): string {
  return path.dirname(path.dirname(realpathSync(process.execPath)));
}

/** What of Attest a run loads (Jest, the runtime, the environment): not its .git or its data. */
export function attestParts(): string[] {
  return ['bin', 'dist', 'src', 'node_modules', 'package.json'].map((p) =>
    path.join(attestRoot(), p),
  );
}

/** Per install, the tool caches in its node_modules and its packages': found once, not per run. */
const cachesByTree = new Map<string, string[]>();

/** The tool caches of a node_modules folder (TOOL_CACHES), which the install made for a sandbox. */
function toolCaches(modules: string): string[] {
  if (path.basename(modules) !== 'node_modules') return [];
  const real = realpathSync(modules);
  let found = cachesByTree.get(real);
  if (!found) {
    found = TOOL_CACHES.map((cache) => path.join(real, cache)).filter(isRealDirectory);
    cachesByTree.set(real, found);
  }
  return found;
}

function isRealDirectory(dir: string): boolean {
  try {
    return lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * What of the install a workspace copy links to a sandboxed run may read: its node_modules
 * folders (the root's and each workspace package's), and the workspace packages they link to.
 * Never the folder that holds them: for a repository's own install that is the original
 * repository, with its .env and .git.
 */
export function dependencyTree(workspace: string): string[] {
  const link = path.join(workspace, 'node_modules');
  if (!existsSync(link)) return [];
  const modules = realpathSync(link);
  const tree = path.dirname(modules);
  const all = [
    modules,
    ...packagesWithModules(tree).map((f) => path.join(tree, f, 'node_modules')),
  ];
  return [...all, ...all.flatMap((m) => linkedPackages(m, tree))];
}

/** The workspace packages a node_modules links to: folders of the tree outside node_modules. */
function linkedPackages(modules: string, tree: string): string[] {
  const entries = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  const names = entries(modules).flatMap((n) =>
    n.startsWith('@') ? entries(path.join(modules, n)).map((s) => `${n}/${s}`) : [n],
  );
  return names.flatMap((name) => {
    const entry = path.join(modules, name);
    if (!lstatSync(entry).isSymbolicLink()) return [];
    const target = path.resolve(path.dirname(entry), readlinkSync(entry));
    const inside = path.relative(tree, target);
    return !inside.startsWith('..') && !inside.split(path.sep).includes('node_modules')
      ? [target]
      : [];
  });
}
