import { truncate, wordCount, wrapText } from '../src/strings';

describe('truncate', () => {
  it('cuts long text with an ellipsis', () => expect(truncate('Hello world', 8)).toBe('Hello w…'));
  it('keeps text that fits', () => expect(truncate('Hi', 8)).toBe('Hi'));
  it('throws when max is below the ellipsis', () =>
    expect(() => truncate('Hello', 0)).toThrow(RangeError));
});

describe('wordCount', () => {
  it('counts words across runs of white space', () =>
    expect(wordCount('  one two\tthree ')).toBe(3));
  it('finds no word in blank text', () => expect(wordCount('   ')).toBe(0));
});

describe('wrapText', () => {
  it('wraps at word boundaries', () =>
    expect(wrapText('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']));
});
