import { describeDifference, printLike, styleOf } from '../../src/core/printed-value';

const single = styleOf("'23'");

describe(printLike.name, () => {
  it('prints a captured value the way the docs print theirs', () => {
    expect(printLike({ s: "it's" }, single)).toBe("'it\\'s'");
    expect(printLike({ s: 'x' }, styleOf('"x"'))).toBe('"x"');
    expect(printLike({ a: [{ n: '0' }, { n: '-1' }, { k: [['a b', { v: null }]] }] }, single)).toBe(
      "[0, -1, { 'a b': null }]",
    );
    expect(printLike({ u: 1 }, single)).toBe('undefined');
  });
});

describe(describeDifference.name, () => {
  it('says where two strings part', () => {
    expect(describeDifference({ s: '23' }, { s: '123' }, single)).toEqual([
      "the strings part at character 1: the docs have '23', the code '123'.",
    ]);
  });

  it('says when two strings differ only in Unicode normalisation, by their code points', () => {
    expect(describeDifference({ s: 'é' }, { s: 'e\u0301' }, single)).toEqual([
      'the strings differ only in Unicode normalisation: the docs write é, the code gives e + U+0301.',
    ]);
  });

  it('says when two numbers differ only in floating-point precision', () => {
    expect(describeDifference({ n: '0.3' }, { n: '0.30000000000000004' }, single)).toEqual([
      'the numbers differ only in floating-point precision (0.3 and 0.30000000000000004).',
    ]);
    expect(describeDifference({ n: '2' }, { n: '3' }, single)).toEqual([
      'the docs say 2, the code gives 3.',
    ]);
  });

  it('names the elements and keys that differ', () => {
    expect(
      describeDifference(
        { a: [{ n: '0' }, { n: '-1' }, { n: '-2' }] },
        { a: [{ n: '0' }, { n: '1' }] },
        single,
      ),
    ).toEqual([
      'the docs list 3 element(s), the code gives 2.',
      'at [1]: the docs say -1, the code gives 1.',
    ]);
    expect(
      describeDifference(
        {
          k: [
            ['a', { n: '1' }],
            ['b', { s: 'x' }],
          ],
        },
        {
          k: [
            ['a', { n: '1' }],
            ['c', { v: true }],
          ],
        },
        single,
      ),
    ).toEqual(['b is missing from what the code gives.', 'c is not in what the docs say.']);
  });
});
