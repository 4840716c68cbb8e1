import { randomBytes } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { containCommand, dependencyTree } from './isolation';
import { liveRecords, readRun } from './jest-outcome';
import type { JestRun, JestRunOptions, MutationRunOptions } from './jest-run';
import { VARIABLES } from './mutation/protocol';
import type { ProcessPaths } from './node-permissions';
import { ProcessRunner, runnerEnvironment } from './process-runner';

/** The Node arguments of a test run (after the heap cap), given its scratch folder and paths. */
export type TestCommand = (scratch: string, paths: ProcessPaths) => Promise<string[]>;

/**
 * Runs a test process (Jest's, or the repository's vitest through its driver) in the sandbox,
 * and reads what it sent over the verdict channel, signed with a key made for this run: the
 * runner reads nothing that the run wrote to disk.
 */
export async function runTestProcess(
  options: JestRunOptions,
  command: TestCommand,
  runner = new ProcessRunner(),
): Promise<JestRun> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-run-'));
  try {
    // A sandboxed run can write only into folders that exist when it starts.
    for (const dir of [options.cacheDirectory, options.home])
      if (dir) await fs.mkdir(dir, { recursive: true });
    const paths = {
      writable: [
        scratch,
        options.workspace,
        ...(options.cacheDirectory ? [options.cacheDirectory] : []),
        ...(options.home ? [options.home] : []),
      ],
      readable: dependencyTree(options.workspace),
    };
    const args = [`--max-old-space-size=${options.memoryMb}`, ...(await command(scratch, paths))];
    const env = runnerEnvironment(process.env, {
      HOME: options.home ?? scratch,
      TMPDIR: options.home ?? scratch,
      [VARIABLES.randomSeed]: String(options.randomSeed ?? options.seed ?? 0),
      ...mutationEnvironment(options.mutation),
    });
    const isolated = await containCommand(process.execPath, args, paths);
    const key = randomBytes(32);
    try {
      const result = await runner.run({
        command: isolated.command,
        args: isolated.args,
        cwd: options.workspace,
        env,
        timeoutMs: options.timeoutMs,
        channel: JSON.stringify({
          key: key.toString('hex'),
          nonce: options.mutation?.nonce ?? '',
          code: instrumentedFiles(options),
        }),
        ...(options.onRecord ? { onChannelLine: liveRecords(key, options.onRecord) } : {}),
      });
      const exceeded = await isolated.exceeded();
      if (exceeded)
        return { status: 'crashed', message: `the run ${exceeded}`, durationMs: result.durationMs };
      return readRun(result, key, options);
    } finally {
      await isolated.dispose();
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The instrumented files by the paths the runner loads them from: as given and with links
 * resolved, since Jest and vite name a module by its real path.
 */
export function instrumentedFiles({ mutation, workspace }: JestRunOptions): string[] {
  const real = realpathSync(workspace);
  return (mutation?.code ?? []).flatMap((f) => [
    ...new Set([path.join(workspace, f), path.join(real, f)]),
  ]);
}

/** What tells the test process to switch mutants, and how. */
function mutationEnvironment(mutation: MutationRunOptions | undefined): Record<string, string> {
  if (!mutation) return {};
  const timeout = { [VARIABLES.mutantTimeoutMs]: String(mutation.perMutantTimeoutMs) };
  if (mutation.static) return { [VARIABLES.mutation]: 'static', ...timeout };
  return {
    [VARIABLES.mutation]: 'switch',
    ...timeout,
    [VARIABLES.slowdown]: String(mutation.slowdown ?? 1),
    ...(mutation.only ? { [VARIABLES.only]: mutation.only.join(',') } : {}),
    ...(mutation.firstKill ? { [VARIABLES.firstKill]: '1' } : {}),
  };
}
