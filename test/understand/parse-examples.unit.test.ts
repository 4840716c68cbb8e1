import { parseExamples, readExamples } from '../../src/understand/parse-examples';
import { SourceParser } from '../../src/understand/source-parser';

const parser = new SourceParser();
const only = (code: string) => {
  const examples = parseExamples(code, 1, parser);
  expect(examples).toHaveLength(1);
  return examples[0]!;
};

describe(parseExamples.name, () => {
  it.each([
    ['//=> value', "camelCase('foo-bar') //=> 'fooBar'"],
    ['// => value', "camelCase('foo-bar'); // => 'fooBar'"],
    ['// → value', "camelCase('foo-bar') // → 'fooBar'"],
    ['// returns value', "camelCase('foo-bar') // returns 'fooBar'"],
    ['a bare value on the same line', "camelCase('foo-bar'); // 'fooBar'"],
    ['a bare value on the next line', "camelCase('foo-bar');\n// 'fooBar'"],
    ['console.log(call) // value', "console.log(camelCase('foo-bar')) // 'fooBar'"],
    ['expect(call).toBe(value)', "expect(camelCase('foo-bar')).toBe('fooBar');"],
    ['doctest', "> camelCase('foo-bar')\n'fooBar'"],
  ])('reads %s', (_notation, code) => {
    const example = only(code);
    expect(example.call).toBe("camelCase('foo-bar')");
    expect(example.callee).toBe('camelCase');
    expect(example.expected).toEqual({ kind: 'value', text: "'fooBar'", approximate: false });
  });

  it('reads `// result will be value` under a declaration whose value is the call', () => {
    const example = only("const r = pluralize('test');\n// result will be 'tests'");
    expect(example.call).toBe("pluralize('test')");
    expect(example.expected).toMatchObject({ kind: 'value', text: "'tests'" });
  });

  it('names what a call reaches inside it, called or passed, for a callee that is not the subject', () => {
    const mapped = only(
      "[1000, 10_000].map((bytes) => prettyBytes(bytes, { fixedWidth: 8 }));\n//=> ['    1 kB', '   10 kB']",
    );
    expect(mapped.callee).toBe('[1000, 10_000].map');
    expect(mapped.inner).toEqual(['prettyBytes', 'bytes']);
    const sorted = only(
      "const versions = ['1.5.19', '1.2.3'];\nconst sorted = versions.sort(compareVersions);\n/*\n['1.2.3', '1.5.19']\n*/",
    );
    expect(sorted).toMatchObject({
      call: 'versions.sort(compareVersions)',
      callee: 'versions.sort',
      inner: ['compareVersions'],
      expected: { kind: 'value', text: "['1.2.3', '1.5.19']" },
    });
    expect(only('R.add(7)(10) //=> 17').inner).toEqual([]);
  });

  it('reads a value stated for a variable that holds a call', () => {
    const example = only("const r = pluralize('test');\nconsole.log(r) // 'tests'");
    expect(example.call).toBe('r');
    expect(example.callee).toBe('pluralize');
    expect(example.setup).toEqual(["const r = pluralize('test');"]);
  });

  it('reads expect(call).toEqual(value) with an array', () => {
    expect(only('expect(chunk([1, 2, 3], 2)).toEqual([[1, 2], [3]]);').expected).toMatchObject({
      text: '[[1, 2], [3]]',
    });
  });

  it.each([
    ['a comment', 'parse(null) // throws TypeError', 'TypeError', null],
    ['an arrow marker', 'parse(null) //=> throws a RangeError', 'RangeError', null],
    ['an error value', 'parse(null) //=> TypeError: bad input', 'TypeError', 'bad input'],
    ['expect().toThrow', 'expect(() => parse(null)).toThrow(TypeError);', 'TypeError', null],
    ['a doctest', '> parse(null)\nUncaught SyntaxError: Unexpected token', 'SyntaxError', null],
  ])('reads a stated throw in %s', (_form, code, errorType, message) => {
    const example = only(code);
    expect(example.call).toBe('parse(null)');
    expect(example.expected).toEqual({ kind: 'throws', errorType, message });
  });

  it('marks a value that the spec gives as approximate', () => {
    expect(only('circleArea(1) //=> about 3.14').expected).toEqual({
      kind: 'value',
      text: '3.14',
      approximate: true,
    });
    expect(only('expect(third()).toBeCloseTo(0.333);').expected).toMatchObject({
      approximate: true,
    });
  });

  it('keeps the setup lines before a call, and the imports apart from them', () => {
    const examples = parseExamples(
      "import camelCase from 'camelcase';\nconst a = [1, 2];\nR.addRule('x');\nappend(3, a) //=> [1, 2, 3]",
      10,
      parser,
    );
    expect(examples).toHaveLength(1);
    expect(examples[0]).toMatchObject({
      call: 'append(3, a)',
      setup: ['const a = [1, 2];', "R.addRule('x');"],
      imports: [{ local: 'camelCase', from: 'camelcase', imported: 'default' }],
      line: 13,
    });
  });

  it('reads a require() as an import, whole or destructured', () => {
    const [whole] = parseExamples("const R = require('ramda');\nR.add(1, 2) //=> 3", 1, parser);
    expect(whole?.imports).toEqual([{ local: 'R', from: 'ramda', imported: '*' }]);
    const [named] = parseExamples(
      "const { add: plus } = require('ramda');\nplus(1, 2) //=> 3",
      1,
      parser,
    );
    expect(named?.imports).toEqual([{ local: 'plus', from: 'ramda', imported: 'add' }]);
  });

  it('reads a curried call and a multi-line stated value', () => {
    const examples = parseExamples(
      'R.add(7)(10); //=> 17\nR.pair(1, 2) //=> [1,\n//    2]',
      1,
      parser,
    );
    expect(examples.map((e) => [e.callee, e.expected])).toEqual([
      ['R.add', { kind: 'value', text: '17', approximate: false }],
      ['R.pair', { kind: 'value', text: '[1,\n2]', approximate: false }],
    ]);
  });

  it('ignores prose comments, computed expectations and calls that state nothing', () => {
    const code = [
      'doSomething() // this sets things up',
      'add(1, 2) // a + b',
      'noop();',
      '// see the guide',
    ].join('\n');
    expect(parseExamples(code, 1, parser)).toEqual([]);
  });

  it('gives each example the line it stands on in the file', () => {
    const examples = parseExamples('\nadd(1, 2) //=> 3\n\nadd(2, 2) //=> 4', 40, parser);
    expect(examples.map((e) => e.line)).toEqual([41, 43]);
  });

  it('never ends on example text that is no regular expression, and counts a prose result as skipped', () => {
    const { examples, skipped } = readExamples(
      [
        'pick(items.values(), x => x.id).toArray(); // Returns: the ids, in order (see [docs](x))',
        'pick([{ id: 1 }], (x) => x.id).toArray() // => [1]',
      ].join('\n'),
      4,
      parser,
    );
    expect(skipped).toEqual([
      {
        call: 'pick(items.values(), x => x.id).toArray();',
        line: 4,
        reason:
          'its stated result is prose, not a value: "Returns: the ids, in order (see [docs](x))"',
      },
    ]);
    expect(examples.map((e) => [e.callee, e.setup])).toEqual([['pick', []]]);
  });

  it('reads a chain of calls on what a call returned as an example of the first', () => {
    expect(only("paint('#000').lighten(0.5).toHex() // => '#808080'").callee).toBe('paint');
  });

  it('reads an unquoted result as a string the docs printed, for the code to confirm', () => {
    expect(only("snake('green fish') // => green_fish").expected).toEqual({
      kind: 'value',
      text: "'green_fish'",
      approximate: false,
      asPrinted: "'green_fish'",
      unquoted: true,
    });
  });

  it('reads a quoted result whose backslashes escape nothing as printed output too', () => {
    expect(only("escapeMarkdown('[a](b.c)') // returns '\\[a\\]'").expected).toEqual({
      kind: 'value',
      text: "'\\[a\\]'",
      approximate: false,
      asPrinted: "'\\\\[a\\\\]'",
    });
    expect(only("quote('a') // => 'it\\'s'").expected).not.toHaveProperty('asPrinted');
  });

  it('keeps only the setup an example needs: no logging, no leftover calls of the same function', () => {
    const examples = parseExamples(
      [
        'const unused = snake("x")',
        'const words = ["a", "b"]',
        'for (const w of words) console.log(snake(w))',
        "snake('shown, with its result in prose')",
        "snake.configure({ separator: '_' })",
        "snake(words.join(' ')) // => 'a_b'",
      ].join('\n'),
      1,
      parser,
    );
    expect(examples[0]!.setup).toEqual([
      'const words = ["a", "b"]',
      "snake.configure({ separator: '_' })",
    ]);
  });

  it('keeps the calls on an object that a later example of the same object needs', () => {
    const examples = parseExamples(
      'const s = new Stack();\ns.push(1);\ns.push(2);\ns.pop() //=> 2\ns.pop() //=> 1',
      1,
      parser,
    );
    expect(examples[1]!.setup).toEqual([
      'const s = new Stack();',
      's.push(1);',
      's.push(2);',
      's.pop()',
    ]);
  });
});
