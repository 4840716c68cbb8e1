import path from 'node:path';
import { runJest } from '../../src/verify/jest-execution';
import { moduleNameMapper } from '../../src/verify/module-paths';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'paths-repo');

describe(moduleNameMapper.name, () => {
  it("maps the repository's tsconfig paths to Jest module names", () => {
    expect(moduleNameMapper(REPO)).toEqual({ '^@lib/(.*)$': [path.join(REPO, 'src/lib/$1')] });
  });

  it('lets a test import through a path alias', async () => {
    const run = await runJest({
      files: ['test/greet.candidate.ts'],
      workspace: REPO,
      timeoutMs: 60_000,
      testTimeoutMs: 5_000,
      memoryMb: 512,
    });
    expect(run.status === 'ran' && run.tests.map((t) => [t.name, t.status])).toEqual([
      ['greets through the path alias', 'passed'],
    ]);
  });

  it('transforms an ES module (.mjs) of the repository for Jest', async () => {
    const run = await runJest({
      files: ['test/shout.candidate.ts'],
      workspace: REPO,
      timeoutMs: 60_000,
      testTimeoutMs: 5_000,
      memoryMb: 512,
    });
    expect(run.status === 'ran' && run.tests.map((t) => [t.name, t.status])).toEqual([
      ['shouts through an ES module', 'passed'],
    ]);
  });

  it('maps nothing without a tsconfig', () => {
    expect(moduleNameMapper(path.join(FIXTURES, 'verify-repo'))).toEqual({});
  });
});
