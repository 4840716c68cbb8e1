import { runJest } from './jest-execution';
import type { JestRun, JestRunOptions } from './jest-run';
import { runVitest } from './vitest-execution';

/**
 * Runs test files with the runner the options name: the repository's own vitest, natively, or
 * Attest's Jest. A coverage run is vitest's when the code files carry istanbul's counters
 * (coverage-instrument.ts), else Jest's (V8's coverage).
 */
export function runTests(options: JestRunOptions): Promise<JestRun> {
  return options.runner === 'vitest' && (!options.coverage || options.statementLines)
    ? runVitest(options)
    : runJest(options);
}
