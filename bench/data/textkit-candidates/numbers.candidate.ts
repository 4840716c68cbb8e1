import { clamp, roundTo, average, median, formatBytes, pluralize } from '../src/numbers';

it('clamps below the range', () => expect(clamp(-5, 0, 10)).toBe(0));
it('clamps above the range', () => expect(clamp(15, 0, 10)).toBe(10));
it('rounds to two digits', () => expect(roundTo(3.14159, 2)).toBe(3.14));
it('averages numbers', () => expect(average([1, 2, 3, 4])).toBe(2.5));
it('throws on the average of nothing', () => expect(() => average([])).toThrow(TypeError));
it('finds the median of an odd count', () => expect(median([5, 1, 3])).toBe(3));
it('finds the median of an even count', () => expect(median([4, 1, 3, 2])).toBe(2.5));
it('formats kibibytes', () => expect(formatBytes(1536)).toBe('1.5 KiB'));
it('pluralizes a regular noun', () => expect(pluralize('apple', 3)).toBe('3 apples'));
it('keeps the singular for one', () => expect(pluralize('apple', 1)).toBe('1 apple'));
