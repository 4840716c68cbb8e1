import { runJest } from './jest-execution';
import type { JestRun, JestRunOptions } from './jest-run';
import { runVitest } from './vitest-execution';

/**
 * Runs test files with the runner the options name: the repository's own vitest, natively, or
 * Attest's Jest. A run of static mutants (fresh loads of a test file per mutant) and a
 * coverage run are Jest's alone for now.
 */
export function runTests(options: JestRunOptions): Promise<JestRun> {
  return options.runner === 'vitest' && !options.mutation?.static && !options.coverage
    ? runVitest(options)
    : runJest(options);
}
