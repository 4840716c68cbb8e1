import { runCandidates } from '../candidate-runs';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/**
 * Run 1: all files in one process, then each file that had a failure again alone, so that a
 * file that loops, crashes or leaks cannot spoil the others' first run. One Jest start for the
 * batch instead of one per file: a leak only turns another file's test red, and that file's
 * own run decides.
 */
export class PassGate implements VerificationGate {
  readonly name = 'pass';

  async judge({ ledger, options, findings }: VerificationContext): Promise<void> {
    const runs = await runCandidates(ledger.standingFiles(), options);
    for (const [file, run] of runs.byFile) {
      if (runs.alone || (run.status === 'ran' && run.tests.every((t) => t.status === 'passed')))
        continue;
      const alone = await runCandidates([file], options);
      runs.byFile.set(file, alone.byFile.get(file)!);
    }
    findings.pass = runs;
    for (const [file, run] of runs.byFile) {
      if (run.status === 'failed') {
        ledger.rejectFile(file, this.name, [run.reason]);
        continue;
      }
      for (const test of ledger.standing(file)) {
        const outcome = run.tests.find((t) => t.name === test.name);
        if (!outcome) ledger.reject(test, this.name, ['Jest did not run it.']);
        else if (outcome.status !== 'passed')
          ledger.reject(test, this.name, [
            `it fails on the original code: ${outcome.failure ?? outcome.status}`,
          ]);
        else
          ledger.record(test, {
            assertionCount: outcome.assertions,
            durationMs: outcome.durationMs,
          });
      }
    }
  }
}
