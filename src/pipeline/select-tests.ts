import type { Verdict } from '../core/verdict';

/**
 * Select: the smallest set of accepted tests that still kills every mutant and reaches all the
 * code that the accepted tests kill and reach together. Greedy set cover: take the test that
 * adds the most, ties to the one listed first, until nothing is left; it is within ln(n) of the
 * smallest set and stable for equal input.
 */
export function selectTests(verdicts: Verdict[]): Verdict[] {
  const elementsOf = (v: Verdict) => [
    ...v.killedMutants.map((m) => `kill:${m.id}`),
    ...v.reachedMutants.map((id) => `reach:${id}`),
  ];
  const left = verdicts.filter((v) => v.status === 'accepted');
  const uncovered = new Set(left.flatMap(elementsOf));
  const chosen: Verdict[] = [];
  while (uncovered.size > 0 && left.length > 0) {
    let best = 0;
    let bestGain = -1;
    left.forEach((v, i) => {
      const gain = elementsOf(v).filter((e) => uncovered.has(e)).length;
      if (gain > bestGain) {
        best = i;
        bestGain = gain;
      }
    });
    if (bestGain <= 0) break;
    const [pick] = left.splice(best, 1);
    for (const e of elementsOf(pick!)) uncovered.delete(e);
    chosen.push(pick!);
  }
  return chosen;
}
