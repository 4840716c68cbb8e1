import { DEFAULT_DIALECT, DIALECTS, dialectOf } from '../../../src/core/dialects/dialects';

const files = ['test/a.test.ts', 'test/b.test.ts'];

describe('the dialect registry', () => {
  it('names each dialect once, and defaults to Jest', () => {
    expect(DIALECTS.map((d) => d.name)).toEqual([
      'jest',
      'vitest',
      'mocha',
      'mocha-assert',
      'node:test',
    ]);
    expect(DEFAULT_DIALECT).toBe('jest');
    expect(dialectOf('mocha-assert').framework).toBe('mocha');
  });

  it.each([
    ['jest', [], 'expect'],
    ['vitest', ["import { describe, expect, it } from 'vitest'"], 'expect'],
    ['mocha', ["import { expect } from 'chai'"], 'chai'],
    ['mocha-assert', ["import assert from 'node:assert/strict'"], 'assert'],
    [
      'node:test',
      ["import { describe, it } from 'node:test'", "import assert from 'node:assert/strict'"],
      'assert',
    ],
  ] as const)('gives %s files the header %j and %s assertions', (name, header, assertions) => {
    const dialect = dialectOf(name);
    expect(dialect.header.map((h) => `import ${h.names} from '${h.from}'`)).toEqual(header);
    expect(dialect.assertions).toBe(assertions);
  });

  it.each([
    ['jest', 'npx jest --ci --runTestsByPath test/a.test.ts test/b.test.ts', 'jest-json'],
    ['vitest', 'npx vitest run test/a.test.ts test/b.test.ts', 'jest-json'],
    ['mocha', 'npx mocha test/a.test.ts test/b.test.ts', 'mocha-json'],
    ['mocha-assert', 'npx mocha test/a.test.ts test/b.test.ts', 'mocha-json'],
    ['node:test', 'node --import tsx --test test/a.test.ts test/b.test.ts', 'tap'],
  ] as const)("proves %s files with the repository's own `%s`", (name, display, report) => {
    const own = dialectOf(name).ownRunner;
    const nodeFlags = own.package === null ? ['--import', 'tsx'] : [];
    const args = own.args({ bin: '/repo/bin.js', nodeFlags, output: '/tmp/out', files });
    expect(own.display({ nodeFlags, files })).toBe(display);
    expect(own.report).toBe(report);
    // Every command writes its report where the check reads it, and runs exactly the files.
    expect(args.join(' ')).toContain('/tmp/out');
    expect(args.slice(-2)).toEqual(files);
    expect(args[0]).toBe(own.package === null ? '--import' : '/repo/bin.js');
  });

  it('runs only Jest with fresh module loads, and requires CommonJS everywhere but vitest', () => {
    expect(DIALECTS.filter((d) => d.freshModules).map((d) => d.name)).toEqual(['jest']);
    expect(DIALECTS.filter((d) => d.requiresCommonJs).map((d) => d.name)).toEqual([
      'jest',
      'mocha',
      'mocha-assert',
      'node:test',
    ]);
  });
});
