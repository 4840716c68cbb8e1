import { runCandidates } from '../candidate-runs';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/**
 * Runs 2 to 5: all standing files together, in a random order from each seed, in fresh
 * processes but the same workspace, HOME and TMPDIR as run 1, so that a test that leaks state
 * (a file in the working directory, the temp folder or HOME; a global) into the next run, or
 * depends on chance, fails at least once.
 */
export class StableGate implements VerificationGate {
  readonly name = 'stable';

  async judge({ ledger, options, limits }: VerificationContext): Promise<void> {
    for (const seed of limits.seeds) {
      const standing = ledger.standingFiles();
      if (standing.length === 0) return;
      const runs = await runCandidates(standing, { ...options, seed });
      const how = `in a fresh process, in random order among the other candidates (seed ${seed})`;
      for (const [file, run] of runs.byFile) {
        for (const test of ledger.standing(file)) {
          const outcome =
            run.status === 'ran' ? run.tests.find((t) => t.name === test.name) : undefined;
          if (outcome?.status === 'passed') continue;
          const why = run.status === 'failed' ? run.reason : (outcome?.failure ?? 'it did not run');
          ledger.reject(test, this.name, [
            `it passed once but failed ${how}: ${why} A test that leaks state or depends on chance or the clock cannot be trusted.`,
          ]);
        }
      }
    }
  }
}
