import path from 'node:path';
import { runJest } from '../../src/verify/jest-execution';
import { moduleNameMapper } from '../../src/verify/module-paths';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'paths-repo');

describe(moduleNameMapper.name, () => {
  it("maps the repository's tsconfig paths to Jest module names", () => {
    expect(moduleNameMapper(REPO)).toEqual({ '^@lib/(.*)$': [path.join(REPO, 'src/lib/$1')] });
  });

  it.each([
    ['through a path alias', 'test/greet.candidate.ts', 'greets through the path alias'],
    [
      'an ES module (.mjs), transformed for Jest',
      'test/shout.candidate.ts',
      'shouts through an ES module',
    ],
    [
      'TypeScript through a .js specifier, as code written for ES modules imports it',
      'test/welcome.candidate.ts',
      'runs code that imports TypeScript through a .js specifier',
    ],
  ])('lets a test import %s', async (_how, file, testName) => {
    const run = await runJest({
      files: [file],
      workspace: REPO,
      timeoutMs: 60_000,
      testTimeoutMs: 5_000,
      memoryMb: 512,
    });
    expect(run.status === 'ran' && run.tests.map((t) => [t.name, t.status])).toEqual([
      [testName, 'passed'],
    ]);
  });

  it('maps nothing without a tsconfig', () => {
    expect(moduleNameMapper(path.join(FIXTURES, 'verify-repo'))).toEqual({});
  });
});
