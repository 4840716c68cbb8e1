import { promises as fs } from 'node:fs';
import path from 'node:path';
import { testDialect } from '../understand/test-dialect';
import { compiledFile } from './attest-root';
import { COVERAGE_VARIABLE } from './coverage-instrument';
import type { JestRun, JestRunOptions } from './jest-run';
import type { VitestDriverSettings } from './mutation/protocol';
import { CONFIG_NAMES, nodeGuards } from './node-permissions';
import { ProcessRunner } from './process-runner';
import { runTestProcess } from './test-process';

/**
 * What vite looks for in each folder above the repository: a workspace's root files, a config
 * file (a repository with none of its own), and (from the top folder) WSL's marker. Node 20 refuses even to say that a path it may not read is
 * absent, so each is allowed by name.
 */
const VITE_LOOKUPS = [
  'pnpm-workspace.yaml',
  'lerna.json',
  'run/WSL',
  ...['vitest', 'vite'].flatMap((tool) =>
    ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((ext) => `${tool}.config.${ext}`),
  ),
];

/**
 * Who runs a repository's tests: its own vitest, natively, when it (or the workspace package
 * the job targets) runs vitest and has it installed in the copy; Attest's Jest otherwise (with
 * vitest's API on Jest's).
 */
export function testRunnerFor(root: string, workspace: string, scope?: string): 'jest' | 'vitest' {
  return testDialect(root, [], scope) === 'vitest' &&
    repositoryVitest(path.join(workspace, scope ?? '')) !== null
    ? 'vitest'
    : 'jest';
}

/** The repository's own `vitest/node`, or null when it has no vitest installed. */
export function repositoryVitest(workspace: string): string | null {
  try {
    return require.resolve('vitest/node', { paths: [workspace] });
  } catch {
    return null;
  }
}

/**
 * The setup file Attest adds to each vitest project: an ES module, as vite loads setup files,
 * that loads the hooks natively (outside vite's transform and the test's mocks).
 */
function setupSource(): string {
  const hooks = JSON.stringify(compiledFile('verify/mutation/vitest-hooks'));
  return [
    "import { afterEach, beforeEach, expect, inject } from 'vitest';",
    "import { createRequire } from 'node:module';",
    `createRequire(import.meta.url)(${hooks}).install({ afterEach, beforeEach, expect, inject });`,
    '',
  ].join('\n');
}

/**
 * Runs test files in the repository's own vitest, through its Node API, with its own config
 * (aliases, setup files, environment, `vi.mock` hoisting) and Attest's hooks, in the sandbox as
 * every run is. It gives the same records as a Jest run, so every gate reads it alike.
 */
export async function runVitest(
  options: JestRunOptions,
  runner = new ProcessRunner(),
): Promise<JestRun> {
  // A workspace package's vitest starts in its folder, where its config is.
  const root = path.join(options.workspace, options.packageDir ?? '');
  const vitestNode = repositoryVitest(root);
  if (!vitestNode)
    return { status: 'crashed', message: 'the repository has no vitest installed.', durationMs: 0 };
  return runTestProcess(
    options,
    async (scratch, paths) => {
      const setupFile = path.join(scratch, 'attest-vitest-setup.mjs');
      await fs.writeFile(setupFile, setupSource());
      const settings: VitestDriverSettings = {
        root,
        files: options.files.map((f) => path.join(options.workspace, f)),
        vitestNode,
        setupFile,
        cacheDir: path.join(options.cacheDirectory ?? scratch, 'vite'),
        testTimeoutMs: options.testTimeoutMs,
        everyFile: !options.ownSuite,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.statementLines
          ? { coverage: { variable: COVERAGE_VARIABLE, lines: options.statementLines } }
          : {}),
        ...(options.mutation
          ? {
              mutation: {
                perMutantTimeoutMs: options.mutation.perMutantTimeoutMs,
                ...(options.mutation.only ? { only: options.mutation.only } : {}),
                ...(options.mutation.firstKill ? { firstKill: true as const } : {}),
                ...(options.mutation.static ? { static: true as const } : {}),
              },
            }
          : {}),
      };
      const settingsFile = path.join(scratch, 'vitest-driver.json');
      await fs.writeFile(settingsFile, JSON.stringify(settings));
      return [
        // vite asks /proc what system it runs on (is-wsl), and looks for a workspace's root
        // files in every folder above the repository's: each a read the guards must allow.
        ...nodeGuards(
          { ...paths, readable: [...paths.readable, '/proc'] },
          [...CONFIG_NAMES, ...VITE_LOOKUPS],
          'one',
        ),
        compiledFile('verify/mutation/vitest-driver'),
        settingsFile,
      ];
    },
    runner,
  );
}
