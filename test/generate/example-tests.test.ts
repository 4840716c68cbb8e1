import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireRepo } from '../../src/acquire/acquire-repo';
import type { CodeSymbol } from '../../src/core/code-symbol';
import { aSymbol, givenFiles, runnerSettings } from '../helpers/factories';
import type { Example, Requirement } from '../../src/core/requirement';
import { renderExampleTests } from '../../src/generate/example-tests';
import { importLineFor } from '../../src/plan/import-line';
import { understandRepo } from '../../src/understand/understand-repo';
import { verifyCandidates } from '../../src/verify/verification';
import { aConfig } from '../helpers/config';
import { FIXTURES, copyFolder, tempDir } from '../helpers/temp-dir';

function anExample(overrides: Partial<Example> = {}): Example {
  return {
    call: 'add(1, 2)',
    callee: 'add',
    expected: { kind: 'value', text: '3', approximate: false },
    setup: [],
    imports: [],
    line: 7,
    symbolId: 'src/math.ts#add',
    ...overrides,
  };
}

function aRequirement(overrides: Partial<Requirement> = {}): Requirement {
  return {
    id: 'REQ-1',
    source: 'markdown',
    file: 'README.md',
    line: 5,
    endLine: 9,
    headingPath: ['add'],
    text: 'add adds',
    examples: [],
    symbolId: null,
    tables: [],
    ...overrides,
  };
}

describe(importLineFor.name, () => {
  it('imports a named export by a relative path from the test, without the TypeScript extension', () => {
    expect(importLineFor(aSymbol(), null, 'test/attest/add.test.ts')).toEqual({
      statement: "import { add } from '../../src/math';",
      local: 'add',
      entrySpecifier: null,
      packageName: null,
    });
  });

  it("gives the package's entry module from the test, for examples written through a namespace", () => {
    expect(
      importLineFor(aSymbol(), null, 'test/attest/add.test.ts', {
        name: 'mathlib',
        entryFile: 'src/index.ts',
      }),
    ).toMatchObject({ entrySpecifier: '../../src/index', packageName: 'mathlib' });
  });

  it('imports a default export as a default, and a method through its class', () => {
    expect(importLineFor(aSymbol({ exported: 'default' }), null, 'src/add.test.ts').statement).toBe(
      "import add from './math';",
    );
    const cls = aSymbol({
      id: 'src/stack.ts#Stack',
      name: 'Stack',
      kind: 'class',
      file: 'src/stack.ts',
    });
    const method = aSymbol({
      id: 'src/stack.ts#Stack.push',
      name: 'push',
      kind: 'method',
      className: 'Stack',
      file: 'src/stack.ts',
    });
    expect(importLineFor(method, cls, 'test/attest/x.test.ts')).toEqual({
      statement: "import { Stack } from '../../src/stack';",
      local: 'Stack',
      entrySpecifier: null,
      packageName: null,
    });
  });

  it('refuses a symbol that is not exported', () => {
    expect(() => importLineFor(aSymbol({ exported: 'none' }), null, 'test/x.test.ts')).toThrow(
      /is not exported/,
    );
  });
});

describe(renderExampleTests.name, () => {
  const line = {
    statement: "import { add } from '../../src/math';",
    local: 'add',
    entrySpecifier: '../../src/index',
    packageName: 'mathlib',
  };
  const render = (example: Partial<Example>, symbol: Partial<CodeSymbol> = {}) =>
    renderExampleTests(aSymbol(symbol), line, [
      { requirement: aRequirement(), example: anExample(example) },
    ]);

  it('cites the requirement and quotes the example in the test name', () => {
    const text = render({});
    expect(text).toContain("import { add } from '../../src/math';");
    expect(text).toContain(
      '  // requirement: REQ-1\n  it("README.md:7 add(1, 2) returns 3", () => {\n    expect(add(1, 2)).toBe(3);',
    );
  });

  it.each([
    [{ kind: 'value', text: "'x'", approximate: false }, "expect(add(1, 2)).toBe('x');"],
    [{ kind: 'value', text: '[1, 2]', approximate: false }, 'expect(add(1, 2)).toEqual([1, 2]);'],
    [
      { kind: 'value', text: '{ a: 1 }', approximate: false },
      'expect(add(1, 2)).toEqual({ a: 1 });',
    ],
    [{ kind: 'value', text: '3.14', approximate: true }, 'expect(add(1, 2)).toBeCloseTo(3.14);'],
    [{ kind: 'value', text: 'NaN', approximate: false }, 'expect(add(1, 2)).toBeNaN();'],
    [
      { kind: 'value', text: '49.24', approximate: false },
      'expect(add(1, 2)).toBeCloseTo(49.24, 2);',
    ],
    [
      { kind: 'throws', errorType: 'TypeError', message: null },
      'expect(() => add(1, 2)).toThrow(TypeError);',
    ],
  ] as const)('uses the strictest matcher for %j', (expected, assertion) => {
    expect(render({ expected })).toContain(assertion);
  });

  it('cites every requirement that states the same example, in one test', () => {
    const text = renderExampleTests(aSymbol(), line, [
      {
        requirement: aRequirement(),
        example: anExample(),
        also: [{ requirement: aRequirement({ id: 'REQ-zh', file: 'docs/zh/README.md' }), line: 4 }],
      },
    ]);
    expect(text).toContain(
      '  // requirements: REQ-1, REQ-zh\n  it("README.md:7 add(1, 2) returns 3"',
    );
  });

  it('imports the namespace that the docs call the package through, unless the example binds it', () => {
    const text = render({ call: 'R.add(R.inc(1), 2)', callee: 'R.add' });
    expect(text).toContain("import * as R from '../../src/index';");
    expect(text).toContain('expect(add(R.inc(1), 2)).toBe(3);');
    // The target alone: the test calls its own import, without loading the whole package.
    const alone = render({ call: 'R.add(1, 2)', callee: 'R.add' });
    expect(alone).toContain('expect(add(1, 2)).toBe(3);');
    expect(alone).not.toContain('import * as R');
    const bound = render({ call: 'R.add(1, 2)', callee: 'R.add', setup: ['const R = lib();'] });
    expect(bound).not.toContain('import * as R');
    expect(render({ call: 'Math.max(add(1, 2))', callee: 'Math.max' })).not.toContain(
      'import * as Math',
    );
    const made = render({
      call: 'add42(null)',
      callee: 'add42',
      setup: ['const add42 = R.add(42);', 'const two = Math.max(1, 2);'],
    });
    expect(made).toContain("import * as R from '../../src/index';");
    expect(made).not.toContain('import * as Math');
  });

  it("carries the example's own imports that the test still uses: the package's name as its entry", () => {
    const text = render({
      call: 'mathlib.add(mathlib.parse(x), 2)',
      callee: 'mathlib.add',
      setup: ['const x = dayjs(); fs.readFileSync(x)', 'const pick = pickOne();', 'sum(1)'],
      imports: [
        { local: 'mathlib', from: 'mathlib', imported: '*' },
        { local: 'dayjs', from: 'dayjs', imported: 'default' },
        { local: 'sum', from: 'mathlib', imported: 'total' },
        { local: 'helper', from: './helper', imported: '*' },
        { local: 'fs', from: './fs-shim', imported: '*' },
        { local: 'pick', from: 'mathlib', imported: 'pick' },
        { local: 'unused', from: 'mathlib', imported: 'unused' },
      ],
    });
    expect(text).toContain('expect(add(mathlib.parse(x), 2)).toBe(3);');
    expect(text.split('\n').filter((l) => l.startsWith('import '))).toEqual([
      "import { add } from '../../src/math';",
      "import * as mathlib from '../../src/index';",
      "import dayjs from 'dayjs';",
      "import { total as sum } from '../../src/index';",
    ]);
    const called = render({
      call: 'add(lib(1), 2)',
      imports: [{ local: 'lib', from: 'mathlib', imported: '*' }],
    });
    expect(called).toContain("import lib from '../../src/index';");
  });

  it('awaits an async target with resolves and rejects', () => {
    expect(render({}, { async: true })).toContain(
      'it("README.md:7 add(1, 2) returns 3", async () => {\n    await expect(add(1, 2)).resolves.toBe(3);',
    );
    expect(
      render(
        { expected: { kind: 'throws', errorType: 'RangeError', message: null } },
        { async: true },
      ),
    ).toContain('await expect(add(1, 2)).rejects.toThrow(RangeError);');
  });

  it('calls through the import instead of the package namespace, and keeps setup lines', () => {
    const text = render({
      call: 'R.add(1, 2)',
      callee: 'R.add',
      imports: [{ local: 'R', from: 'ramda', imported: '*' }],
      setup: ['const a = [1];', "const R = require('ramda');"],
    });
    expect(text).toContain('    const a = [1];\n    expect(add(1, 2)).toBe(3);');
    expect(text).not.toContain('require(');
  });

  it('loads a fresh copy of the module for an example whose setup changes it, typed in TypeScript', () => {
    const text = render({ setup: ['const a = 1;', 'add.reset(a)'] });
    expect(text).toContain(
      "function freshAdd(): typeof add {\n  let fresh: typeof add = add;\n  jest.isolateModules(() => {\n    const loaded = require('../../src/math');\n    fresh = loaded.add;",
    );
    expect(text).toContain('    const add = freshAdd();\n    const a = 1;\n    add.reset(a)\n');
    expect(render({ setup: ['const a = 1;', '// a comment'] })).not.toContain('fresh');
    // A call on an instance the setup made changes that instance, not the module.
    const instance = render({ setup: ['const s = new Stack();', 's.push(1);', 's.size = 2;'] });
    expect(instance).not.toContain('fresh');
    expect(instance).toContain('    const s = new Stack();\n    s.push(1);\n    s.size = 2;\n');
    expect(render({ setup: ['const s = new Stack();', 'add.reset(s);'] })).toContain('freshAdd');
    const js = renderExampleTests(
      aSymbol({ file: 'src/math.js', exported: 'default' }),
      {
        statement: "import add from '../../src/math.js';",
        local: 'add',
        entrySpecifier: null,
        packageName: null,
      },
      [{ requirement: aRequirement(), example: anExample({ setup: ['add.reset()'] }) }],
    );
    expect(js).toContain(
      "function freshAdd() {\n  let fresh = add;\n  jest.isolateModules(() => {\n    const loaded = require('../../src/math.js');\n    fresh = loaded.__esModule ? loaded.default : loaded;",
    );
  });
});

/** Renders the tier-0 tests of `ids` in a copy of `folder` and runs them through the real runner. */
async function verifyExamplesOf(folder: string, ids: string[]) {
  const repo = copyFolder(folder);
  const data = tempDir();
  try {
    const { snapshot } = await acquireRepo(
      { kind: 'path', path: repo.path },
      aConfig({ dataDir: data.path }),
    );
    const understanding = await understandRepo(snapshot);
    const bySymbol = new Map<string, { requirement: Requirement; example: Example }[]>();
    for (const requirement of understanding.requirements.filter((r) => r.source === 'markdown')) {
      for (const example of requirement.examples) {
        if (example.symbolId)
          bySymbol.set(example.symbolId, [
            ...(bySymbol.get(example.symbolId) ?? []),
            { requirement, example },
          ]);
      }
    }
    const candidates: string[] = [];
    const texts: string[] = [];
    for (const id of ids) {
      const symbol = understanding.symbols.find((s) => s.id === id)!;
      const testFile = `test/attest/${symbol.name}.test.ts`;
      mkdirSync(path.join(repo.path, 'test', 'attest'), { recursive: true });
      texts.push(
        renderExampleTests(symbol, importLineFor(symbol, null, testFile), bySymbol.get(id)!),
      );
      writeFileSync(path.join(repo.path, testFile), texts[texts.length - 1]!);
      candidates.push(testFile);
    }
    const result = await verifyCandidates(
      {
        root: repo.path,
        files: [...snapshot.files.map((f) => f.path), ...candidates],
        codeFiles: understanding.parsedFiles.map((f) => f.file),
        candidates: givenFiles(...candidates),
        existingTests: [],
        packageName: null,
      },
      runnerSettings(),
    );
    return { texts, verdicts: result.verdicts };
  } finally {
    repo.dispose();
    data.dispose();
  }
}

describe('tier 0 through the real runner', () => {
  it('turns the README examples of the bundled example into tests; the one the code contradicts fails', async () => {
    const { verdicts } = await verifyExamplesOf(
      path.join(__dirname, '..', '..', 'examples', 'textkit'),
      ['src/numbers.ts#ordinal', 'src/strings.ts#camelCase'],
    );
    expect(verdicts.map((v) => [v.name.replace(/^.* > /, ''), v.status, v.gate])).toEqual([
      ["README.md:160 ordinal(1) returns '1st'", 'accepted', null],
      ["README.md:161 ordinal(22) returns '22nd'", 'accepted', null],
      ["README.md:162 ordinal(11) returns '11th'", 'rejected', 'pass'],
      ["README.md:18 camelCase('foo-bar') returns 'fooBar'", 'accepted', null],
      ["README.md:19 camelCase('Hello world_again') returns 'helloWorldAgain'", 'accepted', null],
    ]);
    expect(verdicts[2]!.reasons[0]).toMatch(/Expected: "11th"\s+Received: "11st"/);
  });

  it('gives an example that changes the module its own copy, so the examples before it still pass in any order', async () => {
    const { texts, verdicts } = await verifyExamplesOf(path.join(FIXTURES, 'stateful-repo'), [
      'src/inflect.ts#inflect',
    ]);
    expect(verdicts.map((v) => [v.name.replace(/^.* > /, ''), v.status, v.gate])).toEqual([
      ["README.md:8 inflect('cat') returns 'cats'", 'accepted', null],
      ["README.md:9 inflect('bus') returns 'buses'", 'accepted', null],
      ["README.md:10 inflect('child') returns 'childs'", 'accepted', null],
      ["README.md:12 inflect('child') returns 'children'", 'accepted', null],
    ]);
    expect(texts[0]).toContain(
      "    const inflect = freshInflect();\n    inflect.addIrregular('child', 'children')\n    expect(inflect('child')).toBe('children');",
    );
  });
});
