import type { StatementCoverage } from '../core/mutant';
import { DEFAULT_LIMITS, type CoverageRequest, type RunnerSettings } from '../core/verification';
import { runJest } from './jest-execution';
import { RunnerCopies } from './runner-copies';

/**
 * Which statements of the repository's code a set of tests executes: one Jest run with V8
 * coverage, in the runner's own copy of the repository. A run that cannot finish, or in which
 * a test file cannot load (a vitest suite's file that only its own vitest loads), measured
 * nothing: its statements would all read as never run.
 */
export async function measureCoverage(
  request: CoverageRequest,
  settings: RunnerSettings,
): Promise<StatementCoverage> {
  if (request.tests.size === 0) return new Map();
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const copies = await RunnerCopies.open(request, settings);
  try {
    const workspace = await copies.copy(request.tests);
    const run = await runJest({
      files: [...request.tests.keys()],
      workspace: workspace.root,
      cacheDirectory: workspace.jestCache,
      timeoutMs: limits.runTimeoutMs,
      testTimeoutMs: limits.testTimeoutMs,
      memoryMb: limits.memoryMb,
      coverage: request.codeFiles ?? true,
    });
    return run.status === 'ran' && run.fileErrors.length === 0
      ? (run.coverage ?? new Map())
      : new Map();
  } finally {
    await copies.dispose();
  }
}
