import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runJest } from '../../src/verify/jest-execution';
import type { JestRun } from '../../src/verify/jest-run';
import { FIXTURES, copyFolder } from '../helpers/temp-dir';

const WORKSPACE = path.join(FIXTURES, 'verify-repo');
const run = (files: string[], extra: Partial<Parameters<typeof runJest>[0]> = {}) =>
  runJest({
    files,
    workspace: WORKSPACE,
    timeoutMs: 60_000,
    testTimeoutMs: 5_000,
    memoryMb: 512,
    ...extra,
  });
const ran = (result: JestRun) => {
  if (result.status !== 'ran') throw new Error(`jest did not run: ${JSON.stringify(result)}`);
  return result;
};

describe(runJest.name, () => {
  it('runs TypeScript tests with its own Jest and reports each test with its describe path and assertions', async () => {
    const result = ran(
      await run(['candidates/good.candidate.ts', 'candidates/wrong.candidate.ts']),
    );
    expect(result.tests.map((t) => [t.file, t.name, t.status, t.assertions])).toEqual([
      [
        'candidates/good.candidate.ts',
        'clamp > raises a value below the range to the minimum',
        'passed',
        1,
      ],
      [
        'candidates/good.candidate.ts',
        'clamp > lowers a value above the range to the maximum',
        'passed',
        1,
      ],
      ['candidates/good.candidate.ts', 'doubles asynchronously', 'passed', 1],
      ['candidates/wrong.candidate.ts', 'expects the wrong sum', 'failed', 1],
    ]);
    expect(result.tests[3]!.failure).toMatch(/Expected: 5\s+Received: 4/);
  });

  it("uses Attest's own Jest parts when the repository pins an older Jest in its node_modules", async () => {
    const repo = copyFolder(WORKSPACE);
    try {
      // Jest 26's parts, as a repository that pins it has them; loading any of them fails.
      for (const name of [
        'jest-circus',
        'jest-environment-node',
        'jest-jasmine2',
        'jest-runner',
        'jest-runtime',
        '@jest/core',
        '@jest/expect',
        'expect',
        'babel-jest',
        'jest-snapshot',
      ]) {
        const dir = path.join(repo.path, 'node_modules', name);
        mkdirSync(dir, { recursive: true });
        writeFileSync(
          path.join(dir, 'package.json'),
          JSON.stringify({ name, version: '26.6.3', main: 'index.js' }),
        );
        const refuse = `throw new Error('the repository\\'s ${name} 26.6.3 was loaded');\n`;
        writeFileSync(path.join(dir, 'index.js'), refuse);
        writeFileSync(path.join(dir, 'runner.js'), refuse);
      }
      const result = ran(await run(['candidates/good.candidate.ts'], { workspace: repo.path }));
      expect(result.tests.map((t) => t.status)).toEqual(['passed', 'passed', 'passed']);
    } finally {
      repo.dispose();
    }
  });

  it('counts assertions as the test settles: none in a callback never run, a branch not taken or an unawaited promise', async () => {
    const result = ran(await run(['candidates/hollow-runtime.candidate.ts']));
    expect(result.tests.map((t) => [t.name, t.status, t.assertions])).toEqual([
      // A swallowed assertion ran, and counts: the static gate rejects its try/catch.
      ['swallows its assertion in a try/catch', 'passed', 1],
      ['asserts in a callback that never runs', 'passed', 0],
      ['asserts in a branch never taken', 'passed', 0],
      ['does not await its promise', 'passed', 0],
    ]);
  });

  it('reports a file that cannot run, with the reason', async () => {
    const result = ran(await run(['candidates/missing-import.candidate.ts']));
    expect(result.tests).toEqual([]);
    expect(result.fileErrors).toEqual([
      {
        file: 'candidates/missing-import.candidate.ts',
        message: expect.stringMatching(/Cannot find module '..\/src\/nowhere'/),
      },
    ]);
  });

  it('times out a run that takes too long', async () => {
    const result = await run(['candidates/good.candidate.ts'], { timeoutMs: 50 });
    expect(result.status).toBe('timed-out');
  });
});
