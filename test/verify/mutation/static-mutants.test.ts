import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { VerifyResult } from '../../../src/core/verification';
import { verifyCandidates } from '../../../src/verify/verification';
import { givenFiles, runnerSettings } from '../../helpers/factories';
import { copyNativeVitestFixture, FIXTURES } from '../../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'static-repo');

/**
 * What both tests of greet notice among `make`'s mutants. Switched on during a test, the
 * mutants of the default greeting would change nothing: `defaults` is built by then. Without a
 * greeting the module refuses to load, which every test notices; the mark each test checks.
 */
function expectMakeKills(result: VerifyResult): void {
  const id = (original: string) => result.mutants.find((m) => m.original === original)!.id;
  const expected = [
    [id("'Hello'"), 'error'],
    [id("options.greeting || 'Hello'"), 'error'],
    [id("{ greeting: options.greeting || 'Hello', mark: '!' }"), 'error'],
    [id("'!'"), 'assertion'],
  ];
  for (const name of ['with the default greeting', 'always ends with a mark'])
    expect(
      result.verdicts
        .find((v) => v.name.endsWith(name))!
        .killedMutants.filter((k) => k.line === 4)
        .map((k) => [k.id, k.by]),
    ).toEqual(expected);
}

describe('static mutants: code that runs when a test file loads its module', () => {
  it('are tried on a fresh load of the test file, and killed by the tests that notice them', async () => {
    const result = await verifyCandidates(
      {
        root: REPO,
        files: ['package.json', 'src/greet.js', 'test/greet.test.js'],
        codeFiles: ['src/greet.js'],
        candidates: givenFiles('test/greet.test.js'),
        existingTests: [],
        packageName: null,
      },
      runnerSettings(),
    );
    expectMakeKills(result);
  }, 120_000);

  it("are tried the same way in the repository's own vitest, each on from the file's load", async () => {
    const repo = copyNativeVitestFixture();
    try {
      // The same module as an ES module, and the same tests in vitest's dialect.
      const greet = readFileSync(path.join(REPO, 'src/greet.js'), 'utf8')
        .replace(
          'function make(options) {',
          'export function make(options: { greeting?: string }) {',
        )
        .replace('function greet(name) {', 'export function greet(name: string): string {')
        .replace('module.exports = { greet, make };\n', '');
      writeFileSync(path.join(repo.path, 'src/greet.ts'), greet);
      const tests = readFileSync(path.join(REPO, 'test/greet.test.js'), 'utf8').replace(
        "const { greet } = require('../src/greet');",
        "import { describe, expect, it } from 'vitest';\nimport { greet } from '../src/greet';",
      );
      writeFileSync(path.join(repo.path, 'test/greet.test.ts'), tests);
      const result = await verifyCandidates(
        {
          root: repo.path,
          files: [
            'package.json',
            'vitest.config.ts',
            'test/setup.ts',
            'src/greet.ts',
            'test/greet.test.ts',
          ],
          codeFiles: ['src/greet.ts'],
          candidates: givenFiles('test/greet.test.ts'),
          existingTests: [],
          packageName: null,
        },
        runnerSettings(),
      );
      expect(result.containment.runner).toBe('vitest');
      expectMakeKills(result);
    } finally {
      repo.dispose();
    }
  }, 180_000);
});
