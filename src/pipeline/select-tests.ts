import type { Verdict } from '../core/verdict';

/** A test's contribution: what it kills, and what code it reaches. */
export interface TestContribution {
  verdict: Verdict;
  /** Ids of the code it reaches, as the runner measured it (mutant sites, lines). */
  covers: string[];
}

/**
 * Select: the smallest set of accepted tests that still kills every mutant and covers everything
 * the accepted tests kill and cover together. Greedy set cover: take the test that adds the most,
 * ties to the one listed first, until nothing is left; it is within ln(n) of the smallest set and
 * stable for equal input.
 */
export function selectTests(contributions: TestContribution[]): Verdict[] {
  const accepted = contributions.filter((c) => c.verdict.status === 'accepted');
  const elementsOf = (c: TestContribution) => [
    ...c.verdict.killedMutants.map((m) => `kill:${m.file}:${m.line}:${m.mutator}:${m.replacement}`),
    ...c.covers.map((id) => `cover:${id}`),
  ];
  const uncovered = new Set(accepted.flatMap(elementsOf));
  const chosen: Verdict[] = [];
  const left = [...accepted];
  while (uncovered.size > 0 && left.length > 0) {
    let best = 0;
    let bestGain = -1;
    left.forEach((c, i) => {
      const gain = elementsOf(c).filter((e) => uncovered.has(e)).length;
      if (gain > bestGain) {
        best = i;
        bestGain = gain;
      }
    });
    if (bestGain <= 0) break;
    const [pick] = left.splice(best, 1);
    for (const e of elementsOf(pick!)) uncovered.delete(e);
    chosen.push(pick!.verdict);
  }
  return chosen;
}
