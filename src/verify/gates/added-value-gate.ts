import type { Verdict } from '../../core/verdict';
import { creditsTest, detected } from '../mutation/kills';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/**
 * Rejects a redundant test: one that the repository's own suite makes redundant (the suite
 * already kills every mutant it kills and reaches all the code it reaches), and one written to
 * kill the mutants that the accepted tests leave alive (a survivor round) that kills none of
 * them by a failed assertion (creditsTest, which counts the assertion on a call the mutant made
 * throw). A survivor killed only by a crash elsewhere or a timeout earns no credit: a test with
 * no assertion would notice that too.
 */
export class AddedValueGate implements VerificationGate {
  readonly name = 'added-value';

  async judge(context: VerificationContext): Promise<void> {
    await this.judgeSurvivorRounds(context);
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

  private async judgeSurvivorRounds(context: VerificationContext): Promise<void> {
    const { ledger, request, findings } = context;
    const asked = new Map(
      request.candidates.flatMap((c) => (c.survivors ? [[c.file, new Set(c.survivors)]] : [])),
    );
    if (asked.size === 0 || ledger.standing().length === 0) return;
    const { byId } = await context.mutatedCopy();
    for (const test of ledger.standing()) {
      const survivors = asked.get(test.file);
      if (!survivors) continue;
      const credited = detected(findings.mutation?.results.get(test)).filter(
        ([id, by]) => survivors.has(id) && creditsTest(by, byId.get(id)!),
      );
      if (credited.length === 0) ledger.reject(test, this.name, [redundant(test, survivors)]);
    }
  }
}

function redundant(test: Verdict, survivors: ReadonlySet<number>): string {
  const others = test.killedMutants.filter((k) => survivors.has(k.id));
  const how = others.length
    ? ` (it made ${others.map((k) => `mutant ${k.id} ${HOW[k.by]}`).join(', ')}, which a test with no assertion, or one that only checks a value is there, would also notice)`
    : '';
  return `it kills none of the ${survivors.size} mutants that the accepted tests leave alive (${[...survivors].join(', ')}) by a failed assertion${how}: it is redundant with the accepted tests.`;
}

const HOW: Record<Verdict['killedMutants'][number]['by'], string> = {
  assertion: 'fail an assertion',
  presence: 'fail a presence check',
  error: 'throw outside any assertion',
  timeout: 'time out',
};
