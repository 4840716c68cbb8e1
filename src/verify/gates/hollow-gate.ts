import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/** Rejects a test that made no assertion by the time its function settled, in its first run. */
export class HollowGate implements VerificationGate {
  readonly name = 'hollow';

  judge({ ledger, findings }: VerificationContext): Promise<void> {
    for (const test of ledger.standing()) {
      const run = findings.pass?.byFile.get(test.file);
      const outcome =
        run?.status === 'ran' ? run.tests.find((t) => t.name === test.name) : undefined;
      if ((outcome?.assertions ?? 0) === 0)
        ledger.reject(test, this.name, [
          'no assertion ran by the time it finished: it is in a branch not taken, a callback never called, or a promise the test does not wait for.',
        ]);
    }
    return Promise.resolve();
  }
}
