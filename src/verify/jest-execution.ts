import { promises as fs } from 'node:fs';
import path from 'node:path';
import { jestConfig } from './jest-config';
import type { JestRun, JestRunOptions } from './jest-run';
import { nodeGuards } from './node-permissions';
import { ProcessRunner } from './process-runner';
import { runTestProcess } from './test-process';

/**
 * Runs test files with Attest's own Jest and an swc transform, in a child process, so that a
 * repository needs no Jest of its own, and a test that loops or crashes cannot harm the runner.
 */
export async function runJest(
  options: JestRunOptions,
  runner = new ProcessRunner(),
): Promise<JestRun> {
  return runTestProcess(
    options,
    async (scratch, paths) => {
      const configFile = path.join(scratch, 'jest.config.json');
      await fs.writeFile(configFile, JSON.stringify(jestConfig(options, scratch)));
      return [
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
    },
    runner,
  );
}
