/**
 * Keeps a number within [min, max].
 * @example
 * clamp(15, 0, 10) //=> 10
 */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** Rounds a number to a fixed count of decimal digits. */
export function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The arithmetic mean of a list of numbers; throws on an empty list. */
export function average(values: number[]): number {
  if (values.length === 0) throw new TypeError('average of an empty list');
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The middle value of a list once sorted; for an even count, the mean of the two middle values. */
export function median(values: number[]): number {
  if (values.length === 0) throw new TypeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** English ordinal of a whole number: 1st, 2nd, 3rd, 4th. */
export function ordinal(n: number): string {
  const last = n % 10;
  const suffix = last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

/** Formats a byte count with binary units (B, KiB, MiB, GiB), one decimal. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Picks the singular or plural form of a word for a count. */
export function pluralize(word: string, count: number, plural = `${word}s`): string {
  return `${count} ${count === 1 ? word : plural}`;
}
