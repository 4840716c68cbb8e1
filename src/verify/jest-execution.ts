import { randomBytes } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { containCommand, dependencyTree } from './isolation';
import { jestConfig } from './jest-config';
import { readRun } from './jest-outcome';
import type { JestRun, JestRunOptions, MutationRunOptions } from './jest-run';
import { VARIABLES } from './mutation/protocol';
import { nodeGuards } from './node-permissions';
import { ProcessRunner, runnerEnvironment } from './process-runner';

/**
 * Runs test files with Attest's own Jest and an swc transform, in a child process, so that a
 * repository needs no Jest of its own, and a test that loops or crashes cannot harm the runner.
 * Every result comes back over the verdict channel, signed with a key made for this run; the
 * runner reads nothing that the run wrote to disk.
 */
export async function runJest(
  options: JestRunOptions,
  runner = new ProcessRunner(),
): Promise<JestRun> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-jest-'));
  try {
    // A sandboxed run can write only into folders that exist when it starts.
    for (const dir of [options.cacheDirectory, options.home])
      if (dir) await fs.mkdir(dir, { recursive: true });
    const configFile = path.join(scratch, 'jest.config.json');
    await fs.writeFile(configFile, JSON.stringify(jestConfig(options, scratch)));
    const paths = {
      writable: [
        scratch,
        options.workspace,
        ...(options.cacheDirectory ? [options.cacheDirectory] : []),
        ...(options.home ? [options.home] : []),
      ],
      readable: dependencyTree(options.workspace),
    };
    const args = [
      `--max-old-space-size=${options.memoryMb}`,
      // V8 coverage reads the run through the inspector, which the permission model shuts: a
      // coverage run only measures the kept tests for the report, and decides no verdict.
      ...(options.coverage ? [] : nodeGuards(paths)),
      require.resolve('jest/bin/jest'),
      '--config',
      configFile,
      '--ci',
      '--runInBand',
      '--watchman=false',
      ...(options.seed !== undefined ? ['--randomize', '--seed', String(options.seed)] : []),
      '--runTestsByPath',
      ...options.files.map((f) => path.join(options.workspace, f)),
    ];
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
 * The instrumented files by the paths Jest loads them from: as given and with links resolved,
 * since Jest names a module by its real path.
 */
function instrumentedFiles({ mutation, workspace }: JestRunOptions): string[] {
  const real = realpathSync(workspace);
  return (mutation?.code ?? []).flatMap((f) => [
    ...new Set([path.join(workspace, f), path.join(real, f)]),
  ]);
}

/** What tells Attest's Jest environment to switch mutants, and how. */
function mutationEnvironment(mutation: MutationRunOptions | undefined): Record<string, string> {
  if (!mutation) return {};
  const timeout = { [VARIABLES.mutantTimeoutMs]: String(mutation.perMutantTimeoutMs) };
  if (mutation.static) return { [VARIABLES.mutation]: 'static', ...timeout };
  return {
    [VARIABLES.mutation]: 'switch',
    ...timeout,
    [VARIABLES.slowdown]: String(mutation.slowdown ?? 1),
    ...(mutation.only ? { [VARIABLES.only]: mutation.only.join(',') } : {}),
  };
}
