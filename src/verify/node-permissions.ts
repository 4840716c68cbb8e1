import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { attestParts, isolation, nodePrefix } from './isolation';
import { SYSTEM_FOLDERS } from './sandbox-mounts';

/** The names Jest looks for in every folder above its root when it resolves its config. */
export const CONFIG_NAMES = [
  'package.json',
  ...['js', 'ts', 'mjs', 'cjs', 'cts', 'mts', 'json'].map((e) => `jest.config.${e}`),
];

/**
 * Jest looks for a config in each folder above a root with no package.json, up to /, and
 * Node 20's permission model throws on a path it may not read (even for existsSync): those few
 * names are allowed, though none of them is there in a sandbox.
 */
function configLookups(roots: string[], names: readonly string[]): string[] {
  const above = new Set<string>();
  for (const root of roots)
    for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
      above.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  return [...above].flatMap((dir) => names.map((name) => path.join(dir, name)));
}

/**
 * Each path once, and none inside another: HACK: Node 20's permission model aborts the process
 * when one path is given twice (its radix tree asserts), as a config lookup above a workspace
 * can repeat one of Attest's own files. (The same tree refuses a stat of a folder whose name
 * begins another allowed name, `/a/run` beside `/a/run.cache`: Attest names its folders so.)
 */
function outermost(paths: string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter((p) => !unique.some((o) => o !== p && p.startsWith(o + path.sep)));
}

/** The folders a test process may read and write, beside the system's. */
export interface ProcessPaths {
  readable: string[];
  writable: string[];
}

/**
 * Node's own guards for the process that runs the tests, in the runner's realm where the
 * sandbox cannot reach: the permission model, which shuts the inspector (a test cannot read the
 * run's key through it, nor start it with SIGUSR1), limits reads to the run's folders (not
 * /proc, where /proc/self/mem holds the key) and writes to its writable ones; and no code from
 * strings in the runner's realm, so that its Function constructor, reached through a core
 * module's prototype chain, compiles nothing. The tests' own realm (a vm context) keeps eval.
 * `realms: 'one'` is for a runner whose tests share its worker's realm (vitest): there the
 * tests keep eval too (a library that compiles code, vitest 3's own pool), and the channel's
 * key is out of their reach in another thread.
 */
export function nodeGuards(
  paths: ProcessPaths,
  lookups: readonly string[] = CONFIG_NAMES,
  realms: 'runner-and-tests' | 'one' = 'runner-and-tests',
): string[] {
  const real = (list: string[]) => [
    ...new Set(list.filter((p) => existsSync(p)).map((p) => realpathSync(p))),
  ];
  // In the sandbox /tmp is the run's own RAM-backed folder; outside it, the host's.
  const writable = real([...paths.writable, ...(isolation().level === 'sandbox' ? ['/tmp'] : [])]);
  const readable = real([
    ...SYSTEM_FOLDERS,
    '/etc',
    '/dev',
    nodePrefix(),
    ...attestParts(),
    ...paths.readable,
    ...writable,
  ]);
  return [
    '--experimental-permission',
    // Each folder is its own flag: a comma inside a path must not split it.
    ...outermost([...readable, ...configLookups(paths.writable, lookups)]).map(
      (p) => `--allow-fs-read=${p}`,
    ),
    ...outermost(writable).map((p) => `--allow-fs-write=${p}`),
    // A suite may start processes and workers, and swc (Jest's transform) is a native addon:
    // the sandbox and its limits hold those.
    '--allow-child-process',
    '--allow-worker',
    '--allow-addons',
    ...(realms === 'one' ? [] : ['--disallow-code-generation-from-strings']),
    '--no-warnings=ExperimentalWarning',
  ];
}
