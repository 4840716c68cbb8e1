import type { MutationResults } from '../../src/verify/jest-run';

/**
 * How many tests noticed each mutant (killed it, or made it throw), in the tests of `file` or
 * of every file: with a stop at the first test that notices a mutant, one each.
 */
export function noticedCounts(results: MutationResults, file?: string): Map<number, number> {
  const by = new Map<number, number>();
  for (const [test, result] of results.entries())
    if (file === undefined || test.file === file)
      for (const [id, outcome] of result.outcomes)
        if (outcome === 'killed' || outcome === 'crashed') by.set(id, (by.get(id) ?? 0) + 1);
  return by;
}

/** The same mutants noticed, but each by one test only where every test tried them all. */
export function expectFirstKillOnly(
  everyTest: Map<number, number>,
  firstOnly: Map<number, number>,
): void {
  expect([...firstOnly.keys()].sort()).toEqual([...everyTest.keys()].sort());
  // Without the stop, some mutant is noticed by more than one test; with it, by one alone.
  expect(Math.max(...everyTest.values())).toBeGreaterThan(1);
  expect(Math.max(...firstOnly.values())).toBe(1);
}
