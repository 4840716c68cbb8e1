/**
 * For bench:verify: the runner's containment with some of its layers taken off, to measure what
 * each costs. Each variant rewrites the command line that `containCommand` builds (the only
 * place every run is contained), in this process alone; the product never runs one.
 *
 * - 'legacy' is the sandbox before issue 22: bubblewrap with the whole system mounted read-only
 *   and a few folders hidden, uid 1000 in a user namespace mapped to Attest's own user (root
 *   here), no limits and no permission model;
 * - the others are today's sandbox less the named layers.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import * as isolationModule from '../src/verify/isolation';
import type { ContainedCommand, RunPaths } from '../src/verify/isolation';
import { attestRoot, runtimeFile } from '../src/verify/attest-root';

/** A layer of today's containment that a variant can leave out. */
export type Layer = 'cgroup' | 'prlimit' | 'setpriv' | 'permissions';

export type SandboxVariant = 'legacy' | { without: Layer[] };

const original = isolationModule.containCommand;

/** Runs `fn` with every contained run built as `variant` says, then puts the product's back. */
export async function underSandbox<T>(variant: SandboxVariant, fn: () => Promise<T>): Promise<T> {
  Object.defineProperty(isolationModule, 'containCommand', {
    value: (command: string, args: string[], paths: RunPaths) =>
      variant === 'legacy'
        ? Promise.resolve(legacy(command, args, paths))
        : original(command, args, paths).then((c) => without(c, variant.without)),
    configurable: true,
    writable: true,
  });
  try {
    return await fn();
  } finally {
    Object.defineProperty(isolationModule, 'containCommand', {
      value: original,
      configurable: true,
      writable: true,
    });
  }
}

/** Node's permission model flags, as nodeGuards gives them to the test process. */
const GUARD =
  /^--(experimental-permission|allow-fs-(read|write)=.*|allow-child-process|allow-worker|allow-addons|disallow-code-generation-from-strings|no-warnings=ExperimentalWarning)$/;

function without(contained: ContainedCommand, layers: Layer[]): ContainedCommand {
  let line = [contained.command, ...contained.args];
  // The cgroup's shell comes first and ends with the two group folders; bubblewrap follows.
  if (layers.includes('cgroup') && line[0] === 'sh') line = line.slice(line.indexOf('bwrap'));
  const cut = (program: string) => {
    const at = line.indexOf(program);
    if (at >= 0) line.splice(at, line.indexOf('--', at) - at + 1);
  };
  if (layers.includes('prlimit')) cut('prlimit');
  if (layers.includes('setpriv')) cut('setpriv');
  if (layers.includes('permissions')) line = line.filter((arg) => !GUARD.test(arg));
  const [command, ...args] = line;
  return { ...contained, command: command!, args };
}

/** The command line of the sandbox as it was before issue 22 (src/verify/isolation.ts then). */
function legacy(command: string, args: string[], paths: RunPaths): ContainedCommand {
  const standIn = [runtimeFile('isolate'), command, ...args.filter((arg) => !GUARD.test(arg))];
  // The old dependency tree was the folder that holds node_modules, whole.
  const readable = (paths.readable ?? []).map((p) =>
    path.basename(p) === 'node_modules' ? path.dirname(p) : p,
  );
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : null);
  const binds = (flag: string, list: string[]) =>
    [...new Set(list.map(real).filter((p): p is string => p !== null))].flatMap((p) => [
      flag,
      p,
      p,
    ]);
  const hidden = ['/tmp', '/root', '/home', '/run'].filter((d) => existsSync(d));
  const bwrap = [
    '--unshare-all',
    ...(paths.proxy ? ['--share-net'] : []),
    '--die-with-parent',
    '--new-session',
    ...['--uid', '1000', '--gid', '1000'],
    ...['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'],
    ...hidden.flatMap((dir) => ['--tmpfs', dir]),
    ...binds('--ro-bind', [
      path.dirname(path.dirname(process.execPath)),
      attestRoot(),
      ...readable,
    ]),
    ...binds('--bind', [...paths.writable, ...(paths.proxy ? [paths.proxy] : [])]),
    '--',
  ];
  return {
    command: 'bwrap',
    args: [...bwrap, process.execPath, ...standIn],
    exceeded: () => Promise.resolve(null),
    dispose: () => Promise.resolve(),
  };
}

/** The variants whose cost per run bench:verify prints, each one layer more than the last. */
export const LAYERS: { name: string; variant: SandboxVariant }[] = [
  { name: 'before (whole system, uid map to root)', variant: 'legacy' },
  // The two go together: without setpriv, a root run in the allowlisted sandbox is no product.
  {
    name: '+ allowlist mounts, unprivileged uid',
    variant: { without: ['prlimit', 'cgroup', 'permissions'] },
  },
  { name: '+ open files, file size (prlimit)', variant: { without: ['cgroup', 'permissions'] } },
  { name: '+ processes, memory (cgroup)', variant: { without: ['permissions'] } },
  { name: '+ permission model (all of today)', variant: { without: [] } },
];
