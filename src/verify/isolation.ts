import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { attestRoot } from './attest-root';

/** What protection a test run gets on this machine, for the report and the README. */
export type Isolation =
  { network: 'cut'; how: 'network namespace (unshare --net)' } | { network: 'open'; how: string };

let cached: Isolation | undefined;

/**
 * Whether test runs can have their network cut: a fresh network namespace, where even
 * loopback is down, needs root (or user namespaces) and util-linux's unshare.
 */
export function isolation(): Isolation {
  if (cached) return cached;
  const probe = spawnSync('unshare', ['--net', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
  cached =
    probe.status === 0
      ? { network: 'cut', how: 'network namespace (unshare --net)' }
      : {
          network: 'open',
          how: 'unshare --net is not permitted here (run as root to cut the network)',
        };
  return cached;
}

/** The command line that runs `command args` isolated: in its own network namespace where allowed, under a stand-in parent. */
export function isolatedCommand(
  command: string,
  args: string[],
): { command: string; args: string[] } {
  const standIn = [path.join(attestRoot(), 'runtime', 'isolate.js'), command, ...args];
  if (isolation().network === 'cut')
    return { command: 'unshare', args: ['--net', '--', process.execPath, ...standIn] };
  return { command: process.execPath, args: standIn };
}
