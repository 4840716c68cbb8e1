import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ExistingTest } from '../../src/core/code-symbol';
import { frameworkOf, testDialect } from '../../src/understand/test-dialect';
import { tempDir } from '../helpers/temp-dir';

const test = (framework: ExistingTest['framework']): ExistingTest => ({
  file: `test/${framework}.test.ts`,
  framework,
  symbolIds: [],
});

describe(testDialect.name, () => {
  const withPackage = (pkg: object, tests: ExistingTest[]) => {
    const repo = tempDir();
    try {
      writeFileSync(path.join(repo.path, 'package.json'), JSON.stringify(pkg));
      return testDialect(repo.path, tests);
    } finally {
      repo.dispose();
    }
  };

  it('follows the runner package.json declares, whatever the tests look like', () => {
    expect(withPackage({ devDependencies: { vitest: '^3' } }, [test('jest')])).toBe('vitest');
    expect(withPackage({ devDependencies: { jest: '^29' } }, [test('vitest')])).toBe('jest');
  });

  it('follows most of the existing tests when package.json declares both or neither', () => {
    expect(withPackage({}, [test('vitest'), test('vitest'), test('jest')])).toBe('vitest');
    expect(withPackage({ devDependencies: { jest: '1', vitest: '1' } }, [test('jest')])).toBe(
      'jest',
    );
    expect(withPackage({}, [])).toBe('jest');
  });

  it('writes mocha with chai where the repository has chai, and with node:assert where it has not', () => {
    expect(withPackage({ devDependencies: { mocha: '11', chai: '5' } }, [])).toBe('mocha');
    expect(withPackage({ devDependencies: { mocha: '11' } }, [test('jest')])).toBe('mocha-assert');
    expect(withPackage({ devDependencies: { chai: '5' } }, [test('mocha')])).toBe('mocha');
  });

  it('writes node:test for a test script of node --test, or tests that import node:test', () => {
    expect(withPackage({ scripts: { test: 'node --import tsx --test' } }, [])).toBe('node:test');
    expect(withPackage({ scripts: { test: 'node build.js && jest' } }, [])).toBe('jest');
    expect(withPackage({}, [test('node:test'), test('node:test'), test('jest')])).toBe('node:test');
  });
});

describe(frameworkOf.name, () => {
  it.each([
    [
      "import { it, expect } from 'vitest';\nit('adds', () => expect(add(1, 2)).toBe(3));",
      'vitest',
    ],
    ["const { test } = require('node:test');\ntest('adds', () => {});", 'node:test'],
    ["it('adds', () => { expect(add(1, 2)).toEqual(3); });", 'jest'],
    ["import { expect } from '@jest/globals';", 'jest'],
    ['const sum = jest.fn();', 'jest'],
    ["const { expect } = require('chai');\nit('adds', () => expect(3).to.equal(3));", 'mocha'],
    ["import assert from 'node:assert';\nit('adds', () => assert.equal(add(1, 2), 3));", 'mocha'],
  ])('reads %j as written for %s', (text, framework) => {
    expect(frameworkOf(text)).toBe(framework);
  });

  it.each([
    ['export const add = (a, b) => a + b;', 'code, not a test'],
    ["console.log('it works');", 'no test call at all'],
  ])('reads %j as no framework (%s)', (text) => {
    expect(frameworkOf(text)).toBe('unknown');
  });
});
