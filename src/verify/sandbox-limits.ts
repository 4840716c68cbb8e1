import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SandboxPolicy } from '../core/sandbox-policy';

/** Where the machine's cgroup v1 controllers live; a v2-only machine has no `pids` folder here. */
const CGROUP_V1 = '/sys/fs/cgroup';

/** Which mechanism holds a run's processes and memory, for the report. */
export type LimitMechanism = { kind: 'cgroup'; how: string } | { kind: 'rlimit'; how: string };

/** The limits of one run: what to put in front of its command, and what it hit when it ended. */
export interface RunLimits {
  /** Run on the host, before bubblewrap: joins the run's cgroups. Empty without cgroups. */
  outside: string[];
  /** Run inside the sandbox, before anything else: sets the rlimits. */
  inside: string[];
  /** The limit the run reached, in words ("used more than 128 processes at once"), or null. */
  exceeded: () => Promise<string | null>;
  dispose: () => Promise<void>;
}

let mechanism: LimitMechanism | undefined;

/**
 * cgroups where Attest may make its own (cgroup v1's pids and memory controllers, writable as
 * root), else rlimits alone. HACK: cgroup v2 needs a delegated subtree that this project's
 * machines do not have, so it is not tried; there rlimits and tmpfs sizes hold.
 */
export function limitMechanism(policy: SandboxPolicy): LimitMechanism {
  if (mechanism) return mechanism;
  const usable = ['pids', 'memory'].every((c) => writable(path.join(CGROUP_V1, c)));
  mechanism = usable
    ? {
        kind: 'cgroup',
        how: `cgroup v1 (at most ${policy.pids} processes and ${policy.memoryMb} MiB of memory, tmpfs included; an install ${policy.installMemoryMb} MiB)`,
      }
    : {
        kind: 'rlimit',
        how: `rlimits (at most ${policy.pids} processes of the sandbox's user; memory bounded by the heap cap and the tmpfs size)`,
      };
  return mechanism;
}

function writable(dir: string): boolean {
  if (process.getuid?.() !== 0 || !existsSync(path.join(dir, 'cgroup.procs'))) return false;
  try {
    return !readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .some((line) => line.split(' ')[4] === dir && /\bro\b/.test(line.split(' ')[5] ?? ''));
  } catch {
    return false;
  }
}

/**
 * Makes one run's limits: its own cgroups where the machine has them, rlimits in any case. An
 * install gets the install's memory (ATTEST_SANDBOX_INSTALL_MEMORY_MB).
 */
export async function openRunLimits(
  policy: SandboxPolicy,
  kind: 'test' | 'install' = 'test',
): Promise<RunLimits> {
  const memoryLimit =
    kind === 'install'
      ? { mb: policy.installMemoryMb, variable: 'ATTEST_SANDBOX_INSTALL_MEMORY_MB' }
      : { mb: policy.memoryMb, variable: 'ATTEST_SANDBOX_MEMORY_MB' };
  const rlimits = [
    'prlimit',
    `--nofile=${policy.openFiles}`,
    `--fsize=${policy.fileMb * 1024 * 1024}`,
    // With cgroups the count is the run's own; rlimits count every process of the user.
    ...(limitMechanism(policy).kind === 'rlimit' ? [`--nproc=${policy.pids}`] : []),
    '--',
  ];
  if (limitMechanism(policy).kind === 'rlimit')
    return {
      outside: [],
      inside: rlimits,
      exceeded: () => Promise.resolve(null),
      dispose: () => Promise.resolve(),
    };
  const name = `attest-${process.pid}-${randomBytes(4).toString('hex')}`;
  const pids = path.join(CGROUP_V1, 'pids', name);
  const memory = path.join(CGROUP_V1, 'memory', name);
  await fs.mkdir(pids);
  await fs.mkdir(memory);
  await fs.writeFile(path.join(pids, 'pids.max'), String(policy.pids));
  const bytes = String(memoryLimit.mb * 1024 * 1024);
  await fs.writeFile(path.join(memory, 'memory.limit_in_bytes'), bytes);
  return {
    // The shell joins both groups, then becomes bubblewrap: every process of the run is inside.
    outside: [
      'sh',
      '-c',
      'echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" && shift 2 && exec "$@"',
      'attest-limits',
      pids,
      memory,
    ],
    inside: rlimits,
    exceeded: () => exceededIn(pids, memory, policy, memoryLimit),
    dispose: () => removeGroups([pids, memory]),
  };
}

async function exceededIn(
  pids: string,
  memory: string,
  policy: SandboxPolicy,
  limit: { mb: number; variable: string },
): Promise<string | null> {
  const events = await fs.readFile(path.join(pids, 'pids.events'), 'utf8').catch(() => '');
  if (Number(/max (\d+)/.exec(events)?.[1] ?? 0) > 0)
    return `used more than ${policy.pids} processes at once (ATTEST_SANDBOX_PIDS)`;
  const oom = await fs.readFile(path.join(memory, 'memory.oom_control'), 'utf8').catch(() => '');
  // Reaching the limit only reclaims page cache; a process killed for it is what counts.
  if (Number(/oom_kill (\d+)/.exec(oom)?.[1] ?? 0) > 0)
    return `used more than ${limit.mb} MiB of memory, its RAM-backed /tmp included (${limit.variable})`;
  return null;
}

/** A cgroup can be removed only once its last process is gone, which takes the kernel a moment. */
async function removeGroups(groups: string[]): Promise<void> {
  for (const group of groups)
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.rmdir(group);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        if (code !== 'EBUSY' || attempt === 50) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
}
