import { InvalidArgumentError } from 'commander';

/** A commander parser for a number that `accept` allows; `wanted` words the error for the user. */
function numberArgument(
  accept: (n: number) => boolean,
  wanted: (value: string) => string,
): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !accept(n))
      throw new InvalidArgumentError(wanted(value));
    return n;
  };
}

export const positiveInteger = numberArgument(
  (n) => Number.isInteger(n) && n > 0,
  () => 'it must be a whole number above 0.',
);

export const positiveSeconds = numberArgument(
  (n) => n > 0,
  () => 'it must be a number of seconds above 0.',
);

/** A comma-separated list, for options such as `--targets a,b`. */
export function commaList(value: string): string[] {
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('give at least one value.');
  return items;
}
