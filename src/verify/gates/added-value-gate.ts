import { detected } from '../mutation/kills';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/**
 * Rejects a test that the repository's own suite makes redundant: the suite already kills every
 * mutant it kills and reaches all the code it reaches.
 */
export class AddedValueGate implements VerificationGate {
  readonly name = 'added-value';

  async judge(context: VerificationContext): Promise<void> {
    const { ledger, request, findings } = context;
    if (request.existingTests.length === 0 || ledger.standing().length === 0) return;
    const suite = await context.suiteBaseline();
    for (const test of ledger.standing()) {
      const result = findings.mutation?.results.get(test);
      const killed = detected(result).map(([id]) => id);
      const newKills = killed.filter((id) => !suite.killed.has(id));
      const newReach = (result?.covered ?? []).filter((id) => !suite.covered.has(id));
      if (newKills.length === 0 && newReach.length === 0)
        ledger.reject(test, this.name, [
          `the repository's own tests already kill all ${killed.length} mutants it kills and reach all the code it reaches: it is redundant.`,
        ]);
    }
  }
}
