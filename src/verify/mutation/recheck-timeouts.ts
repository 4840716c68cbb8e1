import { runCandidates } from '../candidate-runs';
import type { MutationResults } from '../jest-run';
import type { MutatedCopy } from '../verification-context';

/**
 * A mutant's timeout stands only if it times out again with four times the time: most short
 * timeouts are a pause of the machine, not a mutant that loops. (An `endless` loop, counted in
 * turns, needs no re-check.) Only the files with a timeout run again.
 */
export async function recheckTimeouts(
  results: MutationResults,
  files: string[],
  copy: MutatedCopy,
): Promise<void> {
  const timedOut = new Set<number>();
  const withTimeout = new Set<string>();
  for (const [test, result] of results.entries()) {
    for (const [id, o] of result.outcomes) {
      if (o !== 'timeout') continue;
      timedOut.add(id);
      withTimeout.add(test.file);
    }
  }
  if (timedOut.size === 0) return;
  const again = await runCandidates(
    files.filter((f) => withTimeout.has(f)),
    { ...copy.options, mutation: { ...copy.options.mutation, slowdown: 4, only: [...timedOut] } },
  );
  for (const [test, result] of results.entries()) {
    const recheck = again.mutation.get(test);
    for (const [id, outcome] of result.outcomes) {
      if (outcome !== 'timeout') continue;
      result.outcomes.set(id, recheck?.outcomes.get(id) ?? 'survived');
    }
  }
}
