import { runJest, type StatementCoverage } from './jest-execution';
import { RunnerWorkspace } from './runner-workspace';
import { DEFAULT_LIMITS, type RunnerLimits } from './verify-candidates';

export interface CoverageRequest {
  root: string;
  /** Every file of the snapshot, relative to the root. */
  files: string[];
  /** The test files to run, as text, by their path relative to the root. */
  tests: ReadonlyMap<string, string>;
  limits?: Partial<RunnerLimits>;
  /** The code files to measure (relative to the root); every file the tests load if not given. */
  codeFiles?: string[];
}

/**
 * Which statements of the repository's code a set of tests executes: one Jest run with V8
 * coverage, in the runner's own copy of the repository. A run that cannot finish covers nothing.
 */
export async function measureCoverage(request: CoverageRequest): Promise<StatementCoverage> {
  if (request.tests.size === 0) return new Map();
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const workspace = await RunnerWorkspace.create(
    request.root,
    [...new Set([...request.files, ...request.tests.keys()])],
    request.tests,
  );
  try {
    await workspace.installDependencies();
    const run = await runJest({
      files: [...request.tests.keys()],
      workspace: workspace.root,
      cacheDirectory: workspace.jestCache,
      timeoutMs: limits.runTimeoutMs,
      testTimeoutMs: limits.testTimeoutMs,
      memoryMb: limits.memoryMb,
      coverage: request.codeFiles ?? true,
    });
    return run.status === 'ran' ? (run.coverage ?? new Map()) : new Map();
  } finally {
    await workspace.dispose();
  }
}
