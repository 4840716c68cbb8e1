import type { StatementCoverage } from '../core/mutant';
import { DEFAULT_LIMITS, type CoverageRequest, type RunnerSettings } from '../core/verification';
import { instrumentForCoverage } from './coverage-instrument';
import { runTests } from './run-tests';
import { readCached, runEntry, writeCached } from './cache-files';
import { engineVersion } from './engine-version';
import { RunnerCopies } from './runner-copies';
import { testRunnerFor } from './vitest-execution';

interface CachedCoverage {
  engine: string;
  coverage: [string, { line: number; covered: boolean }[]][];
}

/**
 * Which statements of the repository's code a set of tests executes: one run in the runner's
 * own copy of the repository, by the runner that judged the tests. In the repository's own
 * vitest the code files carry istanbul's counters (coverage-instrument.ts); under Attest's Jest,
 * V8 coverage. A run that cannot finish, or in which a test file cannot load, measured nothing:
 * its statements would all read as never run. A finished run's result is kept by all its
 * inputs (runEntry), so a later job of the same snapshot and tests reuses it.
 */
export async function measureCoverage(
  request: CoverageRequest,
  settings: RunnerSettings,
): Promise<StatementCoverage> {
  if (request.tests.size === 0) return new Map();
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const copies = await RunnerCopies.open(request, settings);
  try {
    const entry = await runEntry(settings.cacheDir, 'coverage', request, [
      [...request.tests].sort(),
      request.codeFiles ?? null,
      request.limits ?? {},
      request.package ?? null,
      copies.dependencies.key,
    ]);
    const cached = entry ? await readCached<CachedCoverage>(entry, engineVersion()) : null;
    if (cached) return new Map(cached.coverage);
    const workspace = await copies.copy(request.tests);
    const runner = testRunnerFor(request.root, workspace.root, request.package);
    const statementLines =
      runner === 'vitest' && request.codeFiles
        ? await instrumentForCoverage(workspace, request.codeFiles)
        : undefined;
    const run = await runTests({
      files: [...request.tests.keys()],
      workspace: workspace.root,
      cacheDirectory: workspace.jestCache,
      timeoutMs: limits.runTimeoutMs,
      testTimeoutMs: limits.testTimeoutMs,
      memoryMb: limits.memoryMb,
      coverage: request.codeFiles ?? true,
      runner,
      ...(statementLines ? { statementLines } : {}),
      ...(request.package ? { packageDir: request.package } : {}),
    });
    if (run.status !== 'ran' || run.fileErrors.length > 0) return new Map();
    const coverage = run.coverage ?? new Map();
    if (entry) await writeCached(entry, { engine: engineVersion(), coverage: [...coverage] });
    return coverage;
  } finally {
    await copies.dispose();
  }
}
