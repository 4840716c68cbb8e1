/** Splits an array into groups of `size` items; the last group may be shorter. */
export function chunk<T>(items: T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a whole number of 1 or more');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The items of an array without repeats, in order of first appearance. */
export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Counts how many items fall in each group that `keyOf` gives. */
export function countBy<T>(items: T[], keyOf: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const key = keyOf(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Pairs the items of two arrays by position, as long as the shorter one. */
export function zip<A, B>(left: A[], right: B[]): [A, B][] {
  const length = Math.min(left.length, right.length);
  return Array.from({ length }, (_, i) => [left[i]!, right[i]!]);
}
