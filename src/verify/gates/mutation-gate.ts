import type { KilledMutant } from '../../core/verdict';
import { runCandidates } from '../candidate-runs';
import { creditsTest, detected, toKilled } from '../mutation/kills';
import { recheckTimeouts } from '../mutation/recheck-timeouts';
import { inFocus, tryStaticMutants } from '../mutation/static-mutants';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/**
 * Runs each standing test once per mutant its run reaches, in the mutated copy, and rejects a
 * test that no mutant made fail through a failed assertion (creditsTest): its assertions do not
 * depend on what the code computes.
 */
export class MutationGate implements VerificationGate {
  readonly name = 'mutation';

  async judge(context: VerificationContext): Promise<void> {
    const { ledger, request, findings } = context;
    const files = ledger.standingFiles();
    if (files.length === 0) return;
    const copy = await context.mutatedCopy();
    const runs = await runCandidates(files, {
      ...copy.options,
      onRecord: testsReached(ledger.standing().length, context.progress),
    });
    const results = runs.mutation;
    await recheckTimeouts(results, files, copy);
    const focus = new Map(request.candidates.map((c) => [c.file, c.focus]));
    await tryStaticMutants(
      results,
      runs.loaded,
      (file) => inFocus(copy.byId, focus.get(file) ?? null),
      copy.workspace,
      copy.options,
    );
    findings.mutation = { results, runs };
    for (const test of ledger.standing()) {
      const result = results.get(test);
      if (result?.asked) {
        ledger.reject(test, this.name, [
          "it asked Attest's mutant switch which mutant was on, which only the code under test may: a test may not read or react to how it is judged.",
        ]);
        continue;
      }
      if (result?.impossible?.length) {
        ledger.reject(test, this.name, [
          `it failed while mutant ${result.impossible.join(', ')} was switched on, yet that run never reached the mutant's code: the test noticed the switch, not the change. A test may not read or react to how it is judged.`,
        ]);
        continue;
      }
      const killed = detected(result).map(([id, by]) => toKilled(copy.byId.get(id)!, by));
      ledger.record(test, { killedMutants: killed, reachedMutants: [...(result?.covered ?? [])] });
      if (killed.some((k) => creditsTest(k.by, copy.byId.get(k.id)!))) continue;
      // What is left of its kills by an assertion: presence checks of coarse mutants.
      const byPresence = killed.filter((k) => k.by === 'presence');
      const reached = result?.covered.length ?? 0;
      const fileRun = runs.byFile.get(test.file);
      ledger.reject(test, this.name, [
        fileRun?.status === 'failed'
          ? `its mutation run did not finish, so no mutant could be tried: ${fileRun.reason}`
          : byPresence.length > 0
            ? `it notices only the ${byPresence.length} mutant(s) that make a whole function return nothing, and only by checking that a value is there (toBeDefined, toBeTruthy, a bare toThrow()), which any result would pass: its assertions do not depend on what the code computes. Compare with the value the code should give.`
            : result?.unrepeatable && killed.length === 0
              ? `it failed when run a second time in the same process (${result.unrepeatable}), and no fresh load of it killed a mutant: it counts on state an earlier run left. Build that state in the test or in beforeEach.`
              : reached === 0
                ? 'its run reaches no code that Attest can mutate, so it checks none of it.'
                : `it kills none of the ${reached} mutants its run reaches${crashNote(killed)}: its assertions do not depend on what the code computes.`,
      ]);
    }
  }
}

/** How often, at most, the gate reports the tests its run has reached. */
const STEP_EVERY_MS = 200;

/**
 * Counts the tests the mutation run has reached (each test's `covered` record comes before its
 * mutants run) and reports them as steps, `done` of the standing tests, at most every 200 ms.
 */
function testsReached(
  total: number,
  progress: VerificationContext['progress'],
): (record: Partial<Record<string, unknown>>) => void {
  let done = 0;
  let last = 0;
  return (record) => {
    if (record.kind !== 'covered') return;
    done = Math.min(done + 1, total);
    if (Date.now() - last < STEP_EVERY_MS && done < total) return;
    last = Date.now();
    progress({ message: `gate mutation: test ${done} of ${total} under its mutants`, done, total });
  };
}

function crashNote(killed: KilledMutant[]): string {
  const crashed = killed.filter((k) => k.by === 'error').length;
  return crashed
    ? ` (${crashed} made the code throw outside any assertion, which a test with no assertion would also notice)`
    : '';
}
