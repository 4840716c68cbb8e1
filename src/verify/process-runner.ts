import { spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { onAbort, RunAborted } from './run-scope';

/** One command to run: an argument array, never a shell string. */
export interface RunRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /**
   * Set: the command gets a socket as file descriptor 3, this line is written on it first, and
   * what the command writes back is the result's `channel` (see src/runtime/verdict-channel.ts).
   */
  channel?: string;
  /** Hears each whole line the command writes on its channel, as it arrives. */
  onChannelLine?: (line: string) => void;
}

/** What a command wrote on its channel, when it was given one. */
interface Channel {
  channel?: string;
}

/** How a run ended, keyed on status so that every caller handles a timeout. */
export type RunResult = Channel &
  (
    | { status: 'exited'; code: number; stdout: string; stderr: string; durationMs: number }
    | { status: 'signalled'; signal: string; stdout: string; stderr: string; durationMs: number }
    | { status: 'timed-out'; stdout: string; stderr: string; durationMs: number }
  );

/** stdin closed, stdout and stderr read, and a socket as descriptor 3 for the channel. */
const CHANNEL_STDIO: ('ignore' | 'pipe')[] = ['ignore', 'pipe', 'pipe', 'pipe'];

/** The most a run may send on its channel: a large suite's coverage is a few megabytes. */
const MAX_CHANNEL = 256 * 1024 * 1024;

/** What is kept of a run's output: enough for a reason, never unbounded. */
const MAX_OUTPUT = 1024 * 1024;

/**
 * Runs a command in its own process group and kills the whole group on timeout, so that a test
 * which forks, loops or ignores SIGTERM cannot outlive its budget; and when the work it runs
 * for is aborted (see run-scope.ts), at once, the run then failing with RunAborted.
 */
export class ProcessRunner {
  run(request: RunRequest): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      let aborted = false;
      const forget = onAbort(() => {
        aborted = true;
        killGroup(child.pid);
      });
      if (!forget) {
        reject(new RunAborted());
        return;
      }
      const child = spawn(request.command, request.args, {
        cwd: request.cwd,
        env: request.channel === undefined ? request.env : { ...request.env, ATTEST_CHANNEL: '3' },
        detached: true,
        stdio: request.channel === undefined ? ['ignore', 'pipe', 'pipe'] : CHANNEL_STDIO,
      });
      let stdout = '';
      let stderr = '';
      const received: Buffer[] = [];
      const socket = request.channel === undefined ? null : (child.stdio[3] as Duplex);
      let channelBytes = 0;
      if (socket) {
        let partial = '';
        socket.on('data', (d: Buffer) => {
          received.push(d);
          if (request.onChannelLine) {
            const lines = (partial + d.toString('utf8')).split('\n');
            partial = lines.pop()!;
            for (const line of lines) request.onChannelLine(line);
          }
          // A run that floods its channel is stopped, as one that runs out of time is.
          if ((channelBytes += d.length) > MAX_CHANNEL) killGroup(child.pid);
        });
        // A run that ends before reading its first line closes the socket under the write.
        socket.on('error', () => undefined);
        socket.write(`${request.channel}\n`);
      }
      let timedOut = false;
      child.stdout?.on(
        'data',
        (d: Buffer) => (stdout = (stdout + d.toString()).slice(-MAX_OUTPUT)),
      );
      child.stderr?.on(
        'data',
        (d: Buffer) => (stderr = (stderr + d.toString()).slice(-MAX_OUTPUT)),
      );
      const timer = setTimeout(() => {
        timedOut = true;
        killGroup(child.pid);
      }, request.timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        forget();
        reject(error);
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        forget();
        // Whatever the group left running (a forked grandchild) goes with it.
        killGroup(child.pid);
        if (aborted) {
          reject(new RunAborted());
          return;
        }
        const durationMs = Date.now() - started;
        const channel = socket ? { channel: Buffer.concat(received).toString('utf8') } : {};
        if (timedOut) resolve({ status: 'timed-out', stdout, stderr, durationMs, ...channel });
        else if (signal)
          resolve({ status: 'signalled', signal, stdout, stderr, durationMs, ...channel });
        else resolve({ status: 'exited', code: code ?? 0, stdout, stderr, durationMs, ...channel });
      });
    });
  }
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: the group has already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * A finished command's last words, stdout then stderr, without stack frames: what a package
 * manager or a test runner said went wrong, on one line.
 */
export function lastWords(result: { stdout: string; stderr: string }, lines = 4): string {
  return `${result.stdout}\n${result.stderr}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^at /.test(l))
    .slice(-lines)
    .join(' ');
}

const SECRET_NAME = /key|token|secret|passw|credential|auth/i;
const ALLOWED = ['PATH', 'LANG', 'LC_ALL', 'TZ'];

/**
 * The environment of a test run, built from an allowlist: nothing that names a key, token,
 * secret or password ever reaches the code under test, whatever the parent holds.
 */
export function runnerEnvironment(
  parent: NodeJS.ProcessEnv,
  extra: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = { NODE_ENV: 'test', CI: 'true', TZ: 'UTC' };
  for (const name of ALLOWED) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (SECRET_NAME.test(name))
      throw new Error(`refusing to pass ${name} to a test run: it looks like a secret`);
    env[name] = value;
  }
  return env;
}
