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

/** The vitest fixture with greet as an ES module and its tests in vitest's dialect. */
function vitestGreet(): { path: string; dispose: () => void } {
  const repo = copyNativeVitestFixture();
  const greet = readFileSync(path.join(REPO, 'src/greet.js'), 'utf8')
    .replace('function make(options) {', 'export function make(options: { greeting?: string }) {')
    .replace('function greet(name) {', 'export function greet(name: string): string {')
    .replace('module.exports = { greet, make };\n', '');
  writeFileSync(path.join(repo.path, 'src/greet.ts'), greet);
  const tests = readFileSync(path.join(REPO, 'test/greet.test.js'), 'utf8').replace(
    "const { greet } = require('../src/greet');",
    "import { describe, expect, it } from 'vitest';\nimport { greet } from '../src/greet';",
  );
  writeFileSync(path.join(repo.path, 'test/greet.test.ts'), tests);
  return repo;
}

function greetRequest(root: string) {
  return {
    root,
    files: [
      'package.json',
      'vitest.config.ts',
      'test/setup.ts',
      'src/greet.ts',
      'test/greet.test.ts',
    ],
    codeFiles: ['src/greet.ts'],
    existingTests: [],
    packageName: null,
  };
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
    const repo = vitestGreet();
    try {
      const result = await verifyCandidates(
        { ...greetRequest(repo.path), candidates: givenFiles('test/greet.test.ts') },
        runnerSettings(),
      );
      expect(result.containment.runner).toBe('vitest');
      expectMakeKills(result);
    } finally {
      repo.dispose();
    }
  }, 180_000);

  it("count among what the repository's own vitest suite kills, and the time they took is told", async () => {
    const repo = vitestGreet();
    try {
      const result = await verifyCandidates(
        {
          ...greetRequest(repo.path),
          candidates: [],
          existingTests: ['test/greet.test.ts'],
          measureSuite: true,
        },
        runnerSettings(),
      );
      const id = (original: string) => result.mutants.find((m) => m.original === original)!.id;
      // Only a fresh load under each of them notices these: no test reaches them while it runs.
      expect(result.suite?.killed).toEqual(
        expect.arrayContaining([id("'Hello'"), id("options.greeting || 'Hello'")]),
      );
      expect(result.suite?.staticMs).toBeGreaterThan(0);
      expect(result.suite?.staticMs).toBeLessThanOrEqual(result.suite!.runMs);
    } finally {
      repo.dispose();
    }
  }, 180_000);
});
