import type { ExistingTest } from '../../src/core/code-symbol';
import { aSymbol } from '../helpers/factories';
import { selectTargets } from '../../src/plan/select-targets';
import { testFolderFor, testSuffixFor } from '../../src/plan/test-folder';

const SYMBOLS = [
  aSymbol({ name: 'slugify', file: 'src/strings.ts' }),
  aSymbol({ name: 'helper', file: 'src/strings.ts', exported: 'none' }),
  aSymbol({ name: 'Stack', kind: 'class', file: 'src/stack.ts' }),
  aSymbol({ name: 'push', kind: 'method', className: 'Stack', file: 'src/stack.ts' }),
  aSymbol({
    name: 'grow',
    kind: 'method',
    className: 'Stack',
    file: 'src/stack.ts',
    modifiers: ['private'],
  }),
  aSymbol({ name: 'Hidden', kind: 'class', file: 'src/hidden.ts', exported: 'none' }),
  aSymbol({ name: 'run', kind: 'method', className: 'Hidden', file: 'src/hidden.ts' }),
];

describe(selectTargets.name, () => {
  it('takes exported functions and classes and the public methods of exported classes', () => {
    expect(selectTargets(SYMBOLS).map((t) => t.label)).toEqual(['slugify', 'Stack', 'Stack.push']);
  });

  it("takes a function's own properties, reached through the function, as its methods", () => {
    const umd = [
      aSymbol({ name: 'plural', file: 'plural.js', exported: 'default' }),
      aSymbol({ name: 'always', kind: 'method', className: 'plural', file: 'plural.js' }),
    ];
    const [, always] = selectTargets(umd);
    expect(always).toMatchObject({ label: 'plural.always', owner: { name: 'plural' } });
  });

  it('includes by file glob or name, and excludes with !', () => {
    expect(selectTargets(SYMBOLS, ['src/stack.ts']).map((t) => t.label)).toEqual([
      'Stack',
      'Stack.push',
    ]);
    expect(selectTargets(SYMBOLS, ['Stack.*', 'slug*']).map((t) => t.label)).toEqual([
      'slugify',
      'Stack.push',
    ]);
    expect(selectTargets(SYMBOLS, ['!src/strings.ts', '!Stack']).map((t) => t.label)).toEqual([
      'Stack.push',
    ]);
  });
});

describe(testFolderFor.name, () => {
  const tests = (...files: string[]): ExistingTest[] =>
    files.map((file) => ({ file, framework: 'jest', symbolIds: [] }));

  it("follows where most of the repository's tests live, and defaults to test/attest", () => {
    expect(testFolderFor([])).toBe('test/attest');
    expect(testFolderFor(tests('tests/a.test.ts', 'tests/b.test.ts', 'test/c.test.ts'))).toBe(
      'tests/attest',
    );
    expect(testFolderFor(tests('src/__tests__/a.ts', 'src/__tests__/b.ts'))).toBe(
      'src/__tests__/attest',
    );
  });

  it("puts tests beside the code when most of the repository's tests sit there, and in a workspace package's own folder", () => {
    expect(testFolderFor(tests('src/a.spec.ts', 'src/lib/b.spec.ts', 'test/c.test.ts'))).toBe(null);
    expect(testFolderFor(tests('packages/x/test/a.test.ts'), 'packages/x')).toBe(
      'packages/x/test/attest',
    );
  });

  it("names the files as most of the repository's tests are named: .spec or .test", () => {
    expect(testSuffixFor(tests('spec/a.spec.ts', 'spec/b.spec.ts', 'test/c.test.ts'))).toBe('spec');
    expect(testSuffixFor(tests('test/a.test.js', 'spec/b.spec.ts'))).toBe('test');
    expect(testSuffixFor([])).toBe('test');
  });
});
