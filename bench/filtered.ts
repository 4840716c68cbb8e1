// What the equivalence filters took out of a run's mutants, as bench:verify and bench:generate
// print it: the count under each rule (trivial compiler equivalence first), and the mutation
// score before the filters (their mutants counted as survivors, which no test can kill) and after.

/**
 * `compiler-equivalent 3, edge-gives-same-branch 1` (most first), or `none`, from filtered
 * mutants (one each) or from report.json's counts.
 */
export function filteredByRule(filtered: readonly { rule: string; count?: number }[]): string {
  const counts = new Map<string, number>();
  for (const { rule, count = 1 } of filtered) counts.set(rule, (counts.get(rule) ?? 0) + count);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return sorted.length ? sorted.map(([rule, n]) => `${rule} ${n}`).join(', ') : 'none';
}

/** `61.2% → 64.0%`: the score with the filtered mutants as survivors, then without them. */
export function scoreBeforeAfter(killed: number, mutants: number, filtered: number): string {
  const pct = (k: number, n: number) => (n ? `${((k / n) * 100).toFixed(1)}%` : 'n/a');
  return `${pct(killed, mutants + filtered)} → ${pct(killed, mutants)}`;
}
