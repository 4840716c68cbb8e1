import path from 'node:path';
import { acquireRepo } from '../../src/acquire/acquire-repo';
import type { CodeSymbol } from '../../src/core/code-symbol';
import { understandRepo, type Understanding } from '../../src/understand/understand-repo';
import { aConfig } from '../helpers/config';
import { FIXTURES, tempDir } from '../helpers/temp-dir';

/** A fixture repository as the pipeline understands it. */
async function understandFixture(name: string): Promise<Understanding> {
  const data = tempDir();
  try {
    const { snapshot } = await acquireRepo(
      { kind: 'path', path: path.join(FIXTURES, name) },
      aConfig({ dataDir: data.path }),
    );
    return await understandRepo(snapshot);
  } finally {
    data.dispose();
  }
}

describe(understandRepo.name, () => {
  let understanding: Understanding;
  const symbol = (id: string): CodeSymbol => {
    const found = understanding.symbols.find((s) => s.id === id);
    if (!found)
      throw new Error(`no symbol ${id}; have ${understanding.symbols.map((s) => s.id).join(', ')}`);
    return found;
  };

  beforeAll(async () => {
    understanding = await understandFixture('understand-repo');
  });

  describe('symbols', () => {
    it('finds function declarations, arrows, function expressions, generators and async functions', () => {
      expect(symbol('src/math.ts#add')).toMatchObject({
        kind: 'function',
        exported: 'named',
        line: 10,
        endLine: 12,
        returnType: 'number',
      });
      expect(symbol('src/math.ts#subtract').params).toEqual([
        { name: 'a', type: 'number', optional: false, defaultValue: null, rest: false },
        { name: 'b', type: null, optional: true, defaultValue: '0', rest: false },
      ]);
      expect(symbol('src/math.ts#multiply').params[1]).toMatchObject({
        name: 'rest',
        type: 'number[]',
        rest: true,
      });
      expect(symbol('src/math.ts#fetchDouble')).toMatchObject({
        async: true,
        generator: false,
        returnType: 'Promise<number>',
      });
      expect(symbol('src/math.ts#range')).toMatchObject({ generator: true });
      expect(symbol('src/math.ts#range').params[1]).toMatchObject({ name: 'end', optional: true });
      expect(symbol('src/math.ts#range').signature).toBe(
        'function range(start: number, end?: number): Generator<number>',
      );
    });

    it('records classes and their methods, with static and private modifiers', () => {
      expect(symbol('src/math.ts#Calculator')).toMatchObject({ kind: 'class', exported: 'named' });
      expect(symbol('src/math.ts#Calculator.plus')).toMatchObject({
        kind: 'method',
        className: 'Calculator',
        returnType: 'this',
      });
      expect(symbol('src/math.ts#Calculator.create').modifiers).toEqual(['static']);
      expect(symbol('src/math.ts#Calculator.reset').modifiers).toEqual(['private']);
      expect(symbol('src/math.ts#Calculator.load')).toMatchObject({ async: true });
    });

    it('tells named, default and unexported symbols apart', () => {
      expect(symbol('src/math.ts#defaultMath').exported).toBe('default');
      expect(symbol('src/math.ts#internalHelper').exported).toBe('none');
      expect(symbol('src/esm.mjs#esm').exported).toBe('default');
      expect(symbol('src/esm.mjs#twice').exported).toBe('named');
    });

    it('reads CommonJS exports: module.exports, exports.x and module.exports.x', () => {
      expect(symbol('src/greet.js#greet').exported).toBe('default');
      expect(symbol('src/legacy.cjs#shout').exported).toBe('named');
      expect(symbol('src/legacy.cjs#whisper').exported).toBe('named');
      expect(symbol('src/legacy.cjs#quiet')).toMatchObject({ exported: 'named' });
      expect(symbol('src/legacy.cjs#quiet').params[0]).toMatchObject({
        name: 'text',
        defaultValue: "''",
      });
    });

    it('reads a UMD factory: what the factory returns is the export, its properties are methods', () => {
      expect(symbol('src/umd/plural.js#plural')).toMatchObject({
        kind: 'function',
        exported: 'default',
        jsdoc: expect.objectContaining({ examples: [expect.anything()] }),
      });
      expect(symbol('src/umd/plural.js#plural.addIrregular')).toMatchObject({
        kind: 'method',
        className: 'plural',
        exported: 'default',
        modifiers: ['static'],
        params: [
          expect.objectContaining({ name: 'single' }),
          expect.objectContaining({ name: 'many' }),
        ],
      });
      expect(symbol('src/umd/plural.js#plural.always').kind).toBe('method');
      expect(symbol('src/umd/plural.js#suffixer').exported).toBe('none');
    });

    it('reads a UMD IIFE whose module.exports sits in an if, and a function that a call made', () => {
      expect(symbol('src/umd/duration.js#duration')).toMatchObject({
        kind: 'function',
        exported: 'default',
      });
      expect(symbol('src/umd/duration.js#humanizer').exported).toBe('none');
      expect(symbol('src/umd/duration.js#render').exported).toBe('none');
    });

    it('reads the functions of an object that Object.assign puts on an export as its methods', () => {
      const humanizer = symbol('src/umd/duration.js#humanizer');
      expect(symbol('src/umd/duration.js#duration.humanizer')).toMatchObject({
        kind: 'method',
        className: 'duration',
        exported: 'default',
        line: humanizer.line,
        endLine: humanizer.endLine,
      });
    });

    it('records re-exports through a barrel, with the name the barrel gives', () => {
      expect(symbol('src/math.ts#add').reexports).toEqual([{ file: 'src/index.ts', as: 'add' }]);
      expect(symbol('src/greet.js#greet').reexports).toEqual([
        { file: 'src/index.ts', as: 'greet' },
      ]);
      expect(symbol('src/ui/widget.tsx#Widget').reexports).toEqual([
        { file: 'src/index.ts', as: 'UiWidget' },
      ]);
      expect(symbol('src/ui/widget.tsx#Badge').reexports).toEqual([]);
    });

    it('parses TSX components and classes', () => {
      expect(symbol('src/ui/widget.tsx#Badge')).toMatchObject({
        kind: 'function',
        exported: 'named',
      });
      expect(symbol('src/ui/widget.tsx#Widget.render').kind).toBe('method');
    });

    it('reads JSDoc: summary, params, returns, throws and examples', () => {
      const doc = symbol('src/math.ts#add').jsdoc!;
      expect(doc.summary).toBe('Adds two numbers.');
      expect(doc.params.map((p) => [p.name, p.description])).toEqual([
        ['a', 'the first number'],
        ['b', 'the second number'],
      ]);
      expect(doc.returns?.description).toBe('the sum');
      expect(doc.throws).toEqual([
        { name: null, type: 'TypeError', description: 'when an argument is not a number' },
      ]);
      expect(doc.examples).toEqual([{ text: 'add(2, 3) //=> 5', line: 8 }]);
    });

    it('still reads a file with syntax errors, and counts its error nodes', () => {
      expect(symbol('src/broken.ts#ok').exported).toBe('named');
      expect(symbol('src/broken.ts#stillFound').exported).toBe('named');
      const broken = understanding.parsedFiles.find((f) => f.file === 'src/broken.ts');
      expect(broken?.errorNodes).toBeGreaterThan(0);
      expect(understanding.parsedFiles.find((f) => f.file === 'src/math.ts')?.errorNodes).toBe(0);
    });

    it('keeps test files out of the symbols', () => {
      expect(
        understanding.symbols.some(
          (s) => s.file.startsWith('test/') || s.file.includes('__tests__'),
        ),
      ).toBe(false);
    });
  });

  describe('existing tests', () => {
    it('records jest, vitest and mocha files with the symbols they import', () => {
      const byFile = Object.fromEntries(understanding.tests.map((t) => [t.file, t]));
      expect(byFile['test/math.test.ts']).toEqual({
        file: 'test/math.test.ts',
        framework: 'jest',
        symbolIds: ['src/math.ts#Calculator', 'src/math.ts#add'],
      });
      expect(byFile['src/__tests__/greet.spec.js']).toMatchObject({
        framework: 'vitest',
        symbolIds: ['src/greet.js#greet'],
      });
      expect(byFile['test/mocha-style.js']).toMatchObject({ framework: 'mocha' });
      expect(byFile['test/mocha-style.js']?.symbolIds).toContain('src/legacy.cjs#shout');
    });
  });

  describe('requirements', () => {
    const requirement = (heading: string) => {
      const found = understanding.requirements.find(
        (r) => r.headingPath[r.headingPath.length - 1] === heading,
      );
      if (!found) throw new Error(`no requirement under ${heading}`);
      return found;
    };

    it('splits Markdown by heading into passages with their heading path and lines', () => {
      const sub = requirement('Subtraction defaults');
      expect(sub).toMatchObject({
        source: 'markdown',
        file: 'README.md',
        headingPath: ['fixture-lib', 'Arithmetic', 'Subtraction defaults'],
        line: 20,
      });
      expect(sub.text.startsWith('### Subtraction defaults')).toBe(true);
      expect(requirement('Nested under empty').headingPath).toEqual([
        'Guide',
        'Empty section',
        'Nested under empty',
      ]);
      expect(
        understanding.requirements.some((r) => r.headingPath.join('/') === 'Guide/Empty section'),
      ).toBe(false);
    });

    it('keeps the ids that the docs write, and derives stable ids for the rest', () => {
      expect(requirement('[R-7] Ranges are half open').id).toBe('R-7');
      expect(requirement('Doubling').id).toBe('REQ-12');
      expect(requirement('adding numbers').id).toBe('REQ-40');
      expect(requirement('Arithmetic').id).toMatch(/^doc-[0-9a-f]{10}$/);
    });

    it('reads Gherkin scenarios with their Examples tables and rules', () => {
      const outline = requirement('adding numbers');
      expect(outline).toMatchObject({ source: 'gherkin', file: 'features/calc.feature', line: 7 });
      expect(outline.tables).toEqual([
        {
          header: ['a', 'b', 'sum'],
          rows: [
            ['1', '2', '3'],
            ['5', '5', '10'],
          ],
        },
      ]);
      expect(requirement('subtracting').headingPath).toEqual([
        'Calculator',
        'subtraction',
        'subtracting',
      ]);
    });

    it('attaches JSDoc requirements to their symbol', () => {
      const doc = understanding.requirements.find(
        (r) => r.source === 'jsdoc' && r.symbolId === 'src/math.ts#add',
      );
      expect(doc?.examples.map((e) => [e.call, e.symbolId])).toEqual([
        ['add(2, 3)', 'src/math.ts#add'],
      ]);
    });

    it("resolves example calls through the package's own name, require() and relative names", () => {
      const arithmetic = requirement('Arithmetic');
      expect(arithmetic.examples.map((e) => [e.call, e.symbolId])).toEqual([
        ['add(1, 2)', 'src/math.ts#add'],
        ['subtract(5, 3)', 'src/math.ts#subtract'],
        ['lib.multiply(2, 3)', 'src/math.ts#multiply'],
      ]);
      expect(requirement('Greeting').examples[0]).toMatchObject({
        call: "greet('Bob')",
        symbolId: 'src/greet.js#greet',
      });
      expect(requirement('Calculator').examples[0]).toMatchObject({
        callee: 'calc.plus',
        symbolId: 'src/math.ts#Calculator.plus',
      });
    });

    it('resolves an example to the function it calls or passes inside a call of something else', () => {
      expect(
        requirement('Many at once').examples.map((e) => [e.call, e.callee, e.symbolId]),
      ).toEqual([
        ['[1, 2].map((n) => add(n, 1))', 'add', 'src/math.ts#add'],
        ['numbers.sort(subtract)', 'subtract', 'src/math.ts#subtract'],
      ]);
    });

    it('resolves a call of a function that the setup made to the function that made it', () => {
      expect(requirement('Humanizers').examples[0]).toMatchObject({
        call: 'seconds(3000)',
        symbolId: 'src/umd/duration.js#duration.humanizer',
      });
    });

    it('records every example of the README with its expectation', () => {
      const errors = requirement('Errors').examples.map((e) => e.expected);
      expect(errors).toEqual([
        { kind: 'throws', errorType: 'TypeError', message: null },
        { kind: 'throws', errorType: 'TypeError', message: null },
        { kind: 'value', text: '0.3', approximate: true },
      ]);
      expect(requirement('Doctest').examples[0]).toMatchObject({
        call: 'add(20, 22)',
        expected: { text: '42' },
        line: 48,
      });
    });
  });
});

describe('reading the docs that real libraries write', () => {
  let understanding: Understanding;
  beforeAll(async () => {
    understanding = await understandFixture('docs-repo');
  });
  const symbol = (id: string) => understanding.symbols.find((s) => s.id === id)!;
  const example = (call: string) =>
    understanding.requirements.flatMap((r) => r.examples).find((e) => e.call === call)!;

  it('attaches a JSDoc block to the export below it across a blank line', () => {
    expect(symbol('src/strings.ts#snake').jsdoc?.examples).toEqual([
      { text: "snake('green fish') // => green_fish", line: 5 },
    ]);
  });

  it("gives a function the examples of every overload's JSDoc", () => {
    expect(symbol('src/pad.ts#pad').jsdoc?.examples.map((e) => e.text)).toEqual([
      "pad(7) // => '07'",
      "pad('7', 3) // => '007'",
    ]);
  });

  it('gives a function the JSDoc above its re-export in a barrel, as a requirement of that file', () => {
    expect(symbol('src/tens.ts#tens').jsdoc?.examples).toEqual([
      { text: 'tens(47) // => 50', line: 12 },
    ]);
    const doc = understanding.requirements.find((r) => r.symbolId === 'src/tens.ts#tens')!;
    expect([doc.file, doc.line, doc.examples[0]!.symbolId]).toEqual([
      'src/index.ts',
      9,
      'src/tens.ts#tens',
    ]);
  });

  it('resolves an example imported from a subpath through the package.json exports map', () => {
    expect(example('range(-4)').symbolId).toBe('src/compat.ts#range');
    expect(example('range(2)').symbolId).toBe('src/range.ts#range');
  });

  it('keeps, with why, a call whose stated result could not be read', () => {
    const pick = understanding.requirements.find((r) => r.symbolId === 'src/pick.ts#pick')!;
    expect(pick.skippedExamples).toEqual([
      expect.objectContaining({
        line: 4,
        reason: expect.stringMatching(/^its stated result is prose/),
      }),
    ]);
  });
});

describe('requirement ids', () => {
  it('stay the same across runs for unchanged text', async () => {
    const data = tempDir();
    const read = async () => {
      const { snapshot } = await acquireRepo(
        { kind: 'path', path: path.join(FIXTURES, 'understand-repo') },
        aConfig({ dataDir: data.path }),
      );
      return (await understandRepo(snapshot)).requirements.map((r) => r.id);
    };
    const first = await read();
    expect(await read()).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    data.dispose();
  });
});
