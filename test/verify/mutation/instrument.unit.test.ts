import vm from 'node:vm';
import { instrument } from '../../../src/verify/mutation/instrument';
import { MutantSwitch } from '../../../src/verify/mutation/mutant-switch';
import { switchGlobal } from '../../../src/verify/mutation/protocol';
import { SourceParser } from '../../../src/understand/source-parser';

const parser = new SourceParser();
const CODE = [
  'function clamp(value, min, max) {',
  '  if (value < min) return min;',
  '  return value > max ? max : value;',
  '}',
  "function greet(name) { return 'Hello, ' + name; }",
  'const flags = [true, !false];',
].join('\n');

/**
 * A context where the instrumented code finds the runner's switch, with mutant `active` on (0:
 * none) until `ms` from now (0: no deadline). The code here is all the switch's own.
 */
function switched(active: number, ms = 0): { sw: MutantSwitch; context: vm.Context } {
  const sw = new MutantSwitch(() => true);
  if (active) sw.on(active, ms);
  return { sw, context: vm.createContext({ [switchGlobal('')]: sw.probes }) };
}

/** Runs instrumented code with one mutant switched on (0: none) and returns what `expr` evaluates to. */
function evaluate(text: string, active: number, expr: string): unknown {
  return vm.runInContext(`${text}\n;${expr}`, switched(active).context) as unknown;
}

describe(instrument.name, () => {
  const result = instrument(CODE, 'src/clamp.js', 'javascript', parser);

  it('finds operator, condition, boolean and array mutants, each with its line and replacement', () => {
    expect(result.mutants.map((m) => [m.line, m.mutator, m.original, m.replacement])).toEqual([
      [2, 'EqualityOperator', 'value < min', 'value <= min'],
      [2, 'EqualityOperator', 'value < min', 'value >= min'],
      [2, 'ConditionalExpression', '(value < min)', 'true'],
      [2, 'ConditionalExpression', '(value < min)', 'false'],
      // `value >= max` is never made: at value === max both branches give max.
      [3, 'EqualityOperator', 'value > max', 'value <= max'],
      [3, 'ConditionalExpression', 'value > max', 'true'],
      [3, 'ConditionalExpression', 'value > max', 'false'],
      [
        1,
        'BlockStatement',
        '{\n  if (value < min) return min;\n  return value > max ? max : value;\n}',
        '{}',
      ],
      [5, 'StringLiteral', "'Hello, '", '""'],
      [5, 'BlockStatement', "{ return 'Hello, ' + name; }", '{}'],
      [6, 'BooleanLiteral', 'true', 'false'],
      [6, 'BooleanLiteral', 'false', 'true'],
      [6, 'BooleanLiteral', '!false', 'false'],
      [6, 'ArrayDeclaration', '[true, !false]', '[]'],
    ]);
    expect(new Set(result.mutants.map((m) => m.id)).size).toBe(result.mutants.length);
  });

  it('tells mutants in functions from module data, seeing through a UMD wrapper', () => {
    const umd = [
      '(function (root, factory) {',
      "  if (typeof module === 'object') module.exports = factory();",
      '})(this, function () {',
      "  var NAMES = ['a'];",
      '  function make(o) { return o.x || 1; }',
      '  var made = make({});',
      '  return function f() { return [NAMES, made]; };',
      '});',
    ].join('\n');
    const flags = instrument(umd, 'src/umd.js', 'javascript', parser).mutants.map((m) => [
      m.line,
      m.mutator,
      m.inFunction,
    ]);
    expect(flags).toContainEqual([2, 'StringLiteral', false]);
    expect(flags).toContainEqual([4, 'StringLiteral', false]);
    expect(flags).toContainEqual([5, 'LogicalOperator', true]);
    expect(flags).toContainEqual([7, 'ArrayDeclaration', true]);
    expect(result.mutants.filter((m) => m.inFunction).map((m) => m.line)).toEqual([
      2, 2, 2, 2, 3, 3, 3, 1, 5, 5,
    ]);
    // A function handed to a call that is not a module wrapper is a function like any other.
    const curried = instrument(
      "var add = _curry2(function add(a, b) { return a - b; });\nvar NAMES = ['x'];",
      'src/add.js',
      'javascript',
      parser,
    ).mutants.map((m) => [m.mutator, m.inFunction]);
    expect(curried).toEqual([
      ['ArithmeticOperator', true],
      ['BlockStatement', true],
      ['StringLiteral', false],
      ['ArrayDeclaration', false],
    ]);
  });

  it('never turns string concatenation into subtraction, and leaves module names alone', () => {
    expect(result.mutants.some((m) => m.mutator === 'ArithmeticOperator')).toBe(false);
    const imports = instrument(
      "const x = require('./x');\nimport y from './y';",
      'a.ts',
      'typescript',
      parser,
    );
    expect(imports.mutants).toEqual([]);
  });

  it('behaves as the original with no mutant on, and as the mutant with one on', () => {
    expect(
      evaluate(result.text, 0, '[clamp(-1, 0, 10), clamp(5, 0, 10), clamp(15, 0, 10), flags]'),
    ).toEqual([0, 5, 10, [true, true]]);
    const lessOrEqual = result.mutants.find((m) => m.replacement === 'value <= min')!.id;
    expect(evaluate(result.text, lessOrEqual, 'clamp(0, 0, 10)')).toBe(0);
    const alwaysTrue = result.mutants.find(
      (m) => m.mutator === 'ConditionalExpression' && m.replacement === 'true',
    )!.id;
    expect(evaluate(result.text, alwaysTrue, 'clamp(5, 0, 10)')).toBe(0);
    const emptyArray = result.mutants.find((m) => m.mutator === 'ArrayDeclaration')!.id;
    expect(evaluate(result.text, emptyArray, 'flags')).toEqual([]);
  });

  it('records which mutants a run reached', () => {
    const { sw, context } = switched(0);
    vm.runInContext(`${result.text}\n;clamp(5, 0, 10)`, context);
    const covered = sw.reachedIds();
    expect(covered).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6]));
  });

  it('keeps TypeScript types out of the mutants', () => {
    const ts = instrument(
      "type Mode = 'a' | 'b';\nexport function f(x: number = 1): boolean { return x > 0; }",
      'a.ts',
      'typescript',
      parser,
    );
    expect(ts.mutants.map((m) => m.original)).toEqual(['x > 0', 'x > 0', '{ return x > 0; }']);
  });
});

describe('the mutants application code needs', () => {
  /** The mutants of `code` by kind, and what `expr` gives with each switched on. */
  function outcomes(code: string, expr: string, prelude = '') {
    const { text, mutants } = instrument(code, 'a.js', 'javascript', parser);
    return mutants.map((m) => {
      let value: unknown;
      try {
        value = evaluate(`${prelude}\n${text}`, m.id, expr);
      } catch (error) {
        value = `throws ${(error as Error).message}`;
      }
      return [m.mutator, m.replacement, value];
    });
  }

  it('removes a side effect, and empties a block', () => {
    const code =
      'function save(repo, x) { repo.log.push(x); if (x > 1) { repo.big = true; } return repo; }';
    const expr = 'JSON.stringify(save({ log: [] }, 2))';
    expect(evaluate(instrument(code, 'a.js', 'javascript', parser).text, 0, expr)).toBe(
      '{"log":[2],"big":true}',
    );
    expect(outcomes(code, expr)).toEqual(
      expect.arrayContaining([
        ['StatementRemoval', '(statement removed)', '{"log":[],"big":true}'],
        ['StatementRemoval', '(statement removed)', '{"log":[2]}'],
        ['BlockStatement', '{}', '{"log":[2]}'],
        // The whole function emptied: it returns nothing.
        ['BlockStatement', '{}', undefined],
      ]),
    );
  });

  it('never puts a regular expression right after a parenthesis, where vite reads `(/<!--` as an HTML comment', () => {
    const code = 'export const OUTLET = /<!--\\s*outlet\\s*-->/;\n';
    const { text, mutants } = instrument(code, 'src/outlet.ts', 'typescript', parser);
    expect(mutants.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/\(\s*\/</);
    expect(text).toContain('? /<!--');
  });

  it('never lets a switched statement continue a line that has no semicolon', () => {
    // Without care, `(switch ? … : …)` on the second line calls `.length` with it, reading
    // `size` before it is set.
    const code = [
      'function f(s) {',
      '  let total = 0',
      '  const size = s.length',
      '  total += size',
      '  return total',
      '}',
    ].join('\n');
    const { text, mutants } = instrument(code, 'src/size.js', 'javascript', parser);
    const compound = mutants.find((m) => m.original === 'total += size')!;
    expect(compound).toBeDefined();
    expect(evaluate(text, 0, "f('abc')")).toBe(3);
    expect(evaluate(text, compound.id, "f('abc')")).toBe(-3);
  });

  it('closes a removable statement before a comment that ends its line, which has no semicolon', () => {
    const code =
      'function reset(state) {\n  state.items = [] // clear them\n  state.count = 0\n  return state\n}';
    const text = instrument(code, 'a.js', 'javascript', parser).text;
    expect(evaluate(text, 0, 'JSON.stringify(reset({ items: [1], count: 1 }))')).toBe(
      '{"items":[],"count":0}',
    );
    expect(outcomes(code, 'JSON.stringify(reset({ items: [1], count: 1 }))')).toEqual(
      expect.arrayContaining([
        ['StatementRemoval', '(statement removed)', '{"items":[1],"count":0}'],
      ]),
    );
  });

  it('drops each ?. of a chain at its end, and keeps the short-circuit of the original', () => {
    const code = 'function owner(s) { return s?.owner?.name; }';
    expect(
      evaluate(instrument(code, 'a.js', 'javascript', parser).text, 0, 'owner(undefined)'),
    ).toBe(undefined);
    expect(outcomes(code, 'owner({})').filter(([kind]) => kind === 'OptionalChaining')).toEqual([
      [
        'OptionalChaining',
        's?.owner.name',
        "throws Cannot read properties of undefined (reading 'name')",
      ],
      ['OptionalChaining', 's.owner?.name', undefined],
    ]);
  });

  it('swaps update and compound assignment operators, and empties objects, templates and arrow results', () => {
    const code =
      'function tally(xs) { let n = 0; for (const x of xs) { n += x; } let i = 0; i++; return { n, i, s: `${n}!`, f: (() => n)() }; }';
    const kinds = outcomes(code, 'JSON.stringify(tally([2, 3]))');
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['AssignmentOperator', 'n -= x', '{"n":-5,"i":1,"s":"-5!","f":-5}'],
        ['UpdateOperator', 'i--', '{"n":5,"i":-1,"s":"5!","f":5}'],
        ['ObjectLiteral', '{}', '{}'],
        ['StringLiteral', '``', '{"n":5,"i":1,"s":"","f":5}'],
        ['ArrowFunction', '() => undefined', '{"n":5,"i":1,"s":"5!"}'],
      ]),
    );
  });

  it('mutates regular expressions and method calls as Stryker does, and only into valid code', () => {
    const code =
      'function words(s) { return s.trim().split(/\\s+/).filter((w) => /^[a-z]+$/.test(w)); }';
    const kinds = outcomes(code, "words(' ab  c1 d ').join(',')");
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['Regex', '/[a-z]+$/', 'ab,d'],
        ['Regex', '/^[^a-z]+$/', ''],
        ['Regex', '/\\S+/', expect.any(String)],
        ['MethodExpression', 's.trim().split(/\\s+/) (.filter() removed)', 'ab,c1,d'],
      ]),
    );
    expect(
      kinds.every(
        ([, , value]) => typeof value !== 'string' || !value.startsWith('throws Invalid'),
      ),
    ).toBe(true);
  });
});

describe('loop guard', () => {
  it('stops a mutant that turns a loop endless, and leaves the original loop alone', () => {
    const code = 'function countTo(n) { let i = 0; while (i < n) i += 1; return i; }';
    const { text, mutants } = instrument(code, 'a.js', 'javascript', parser);
    expect(evaluate(text, 0, 'countTo(5)')).toBe(5);
    const endless = mutants.find(
      (m) => m.mutator === 'ConditionalExpression' && m.replacement === 'true',
    )!.id;
    const { context } = switched(endless);
    expect(() => {
      vm.runInContext(`${text}\n;countTo(5)`, context);
    }).toThrow('attest:mutant-endless-loop');
  });
});

describe('deadline', () => {
  const code =
    'function total(xs, i) { return i >= xs.length ? 0 : xs[i] + total(xs, i + 1); }\nvar xs = Array.from({ length: 3000 }, () => 1);';

  it("stops a mutant's run that goes on past its deadline, even without a loop", () => {
    const { text, mutants } = instrument(code, 'a.js', 'javascript', parser);
    const { context } = switched(mutants[0]!.id, -1);
    expect(() => {
      vm.runInContext(`${text}\n;total(xs, 0)`, context);
    }).toThrow('attest:mutant-timeout');
  });

  it('lets a run finish before its deadline, and never times the original code', () => {
    const { text, mutants } = instrument(code, 'a.js', 'javascript', parser);
    const original = switched(0, -1).context;
    expect(vm.runInContext(`${text}\n;total(xs, 0)`, original)).toBe(3000);
    const swapped = mutants.find((m) => m.replacement === 'xs[i] - total(xs, i + 1)')!.id;
    const inTime = switched(swapped, 60_000).context;
    expect(vm.runInContext(`${text}\n;total(xs, 0)`, inTime)).toBe(0);
  });
});

describe('method swaps', () => {
  it('swaps Math.min and Math.max, and case conversions, keeping the arguments', () => {
    const code =
      'function clamp(v, lo, hi) { return Math.min(Math.max(v, lo), hi); }\nfunction up(s) { return s.toUpperCase(); }';
    const { text, mutants } = instrument(code, 'a.js', 'javascript', parser);
    expect(
      mutants.filter((m) => m.mutator === 'MethodExpression').map((m) => m.replacement),
    ).toEqual(['Math.min(…)', 'Math.max(…)', 's.toLowerCase(…)']);
    expect(evaluate(text, 0, '[clamp(15, 0, 10), up("a")]')).toEqual([10, 'A']);
    const outer = mutants.find((m) => m.replacement === 'Math.max(…)')!.id;
    expect(evaluate(text, outer, 'clamp(5, 0, 10)')).toBe(10);
  });
});

describe('mutants equivalent by construction', () => {
  const made = (code: string) => instrument(code, 'src/a.js', 'javascript', parser);
  const shown = (code: string) => made(code).mutants.map((m) => m.replacement);

  it('never makes a boundary swap where both branches give the same value at the edge', () => {
    const code =
      'function max(a, b) { return a > b ? a : b; }\nfunction gap(x, y) { return x >= y ? x - y : y - x; }';
    const result = made(code);
    expect(result.filtered.map((f) => [f.line, f.rule])).toEqual([
      [1, 'edge-gives-same-branch'],
      [2, 'edge-gives-same-branch'],
    ]);
    expect(shown(code)).not.toContain('a >= b');
    expect(shown(code)).not.toContain('x > y');
    // The negations are not equivalent, and are still made.
    expect(shown(code)).toEqual(expect.arrayContaining(['a <= b', 'x < y']));
  });

  it('never makes a mutant whose code compiles, minified, to what the original compiles to', () => {
    const code = [
      'function settle(p) { return p.catch((error) => { void error; }); }',
      'function kind(x) { if (DEBUG && false) { return x + 1; } return typeof x; }',
    ].join('\n');
    const result = made(code);
    const equivalent = result.filtered.filter((f) => f.rule === 'compiler-equivalent');
    // The block that only voids its argument, and every mutant inside the dead branch.
    expect(equivalent.map((f) => f.line)).toEqual([1, 2, 2]);
    expect(shown(code)).not.toContain('x - 1');
    // What does change the code is still made: the dead branch's condition turned live.
    expect(shown(code)).toEqual(expect.arrayContaining(['DEBUG || false', 'true']));
  });

  it('never forces true the guard of a clearTimeout, which ignores an undefined id', () => {
    const code = [
      'function cancel(state) { if (state.timer !== undefined) clearTimeout(state.timer); }',
      'function stop(t) { if (t) { clearInterval(t); } }',
      'function both(t) { if (t) clearTimeout(t); else t = 1; return t; }',
    ].join('\n');
    const result = made(code);
    expect(result.filtered.map((f) => [f.line, f.rule])).toEqual([
      [1, 'guard-of-no-op-clear'],
      [2, 'guard-of-no-op-clear'],
    ]);
    // Forced false, the guard skips a clear that was due: still made. So is a guard with an else.
    const byLine = (line: number) =>
      result.mutants.filter((m) => m.line === line && m.mutator === 'ConditionalExpression');
    expect(byLine(1).map((m) => m.replacement)).toEqual(['false']);
    expect(byLine(3).map((m) => m.replacement)).toEqual(['true', 'false']);
  });

  it('still swaps a boundary whose edge gives another branch', () => {
    const code = 'function clamp(v, lo) { return v < lo ? lo : v + 1; }';
    expect(made(code).filtered).toEqual([]);
    expect(shown(code)).toContain('v <= lo');
  });

  it('never swaps the bound of a counting loop that steps over it, and swaps one that lands on it', () => {
    const over = made('function f(xs) { for (let i = 0; i < 10; i += 3) xs.push(i); return xs; }');
    expect(over.filtered.map((f) => f.rule)).toEqual(['loop-never-reaches-edge']);
    expect(over.mutants.map((m) => m.replacement)).not.toContain('i <= 10');
    const lands = made('function f(xs) { for (let i = 0; i < 9; i += 3) xs.push(i); return xs; }');
    expect(lands.filtered).toEqual([]);
    expect(lands.mutants.map((m) => m.replacement)).toContain('i <= 9');
    const written = made(
      'function f(xs) { for (let i = 0; i < 10; i += 3) { i += 1; xs.push(i); } return xs; }',
    );
    expect(written.mutants.map((m) => m.replacement)).toContain('i <= 10');
  });

  it('never drops the + of a one-character separator whose empty parts .filter(Boolean) drops', () => {
    const code = 'function words(s) { return s.split(/[\\s_-]+/).filter(Boolean); }';
    expect(made(code).filtered.map((f) => f.rule)).toEqual(['split-runs-filtered']);
    expect(shown(code)).not.toContain('/[\\s_-]/');
    const unfiltered = 'function words(s) { return s.split(/\\s+/); }';
    expect(shown(unfiltered)).toContain('/\\s/');
  });

  it('leaves the code behaving as the original under the swaps it filters', () => {
    for (const [code, expr] of [
      ['function max(a, b) { return a > b ? a : b; }', 'max(2, 2)'],
      [
        'function f() { const xs = []; for (let i = 0; i < 10; i += 3) xs.push(i); return xs.join(); }',
        'f()',
      ],
      [
        'function words(s) { return s.split(/[\\s_-]+/).filter(Boolean).join(); }',
        "words('a  b__c')",
      ],
    ] as const) {
      const original = evaluate(made(code).text, 0, expr);
      const hand = code
        .replace('a > b', 'a >= b')
        .replace('i < 10', 'i <= 10')
        .replace('[\\s_-]+', '[\\s_-]');
      expect(vm.runInNewContext(`${hand}\n;${expr}`)).toEqual(original);
    }
  });
});
