import { chunk, unique, zip } from '../src/arrays';
import { Stack } from '../src/stack';

it('chunks an array', () => expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]));
it('rejects a zero chunk size', () => expect(() => chunk([1], 0)).toThrow(RangeError));
it('removes repeats in order', () => expect(unique([3, 1, 3, 2, 1])).toEqual([3, 1, 2]));
it('zips to the shorter length', () =>
  expect(zip([1, 2, 3], ['a', 'b'])).toEqual([
    [1, 'a'],
    [2, 'b'],
  ]));
it('pops what was pushed last', () => {
  const s = new Stack<number>();
  s.push(1);
  s.push(2);
  expect(s.pop()).toBe(2);
});
