import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runJest } from '../../src/verify/jest-execution';
import { moduleNameMapper } from '../../src/verify/module-paths';
import { FIXTURES, copyFolder } from '../helpers/temp-dir';
import { typeCheck } from '../../src/verify/type-check';

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

  it('follows `extends` to the base config that declares the paths, resolving them from its folder', async () => {
    const repo = copyFolder(REPO);
    try {
      mkdirSync(path.join(repo.path, 'config'));
      writeFileSync(
        path.join(repo.path, 'config', 'tsconfig.base.json'),
        JSON.stringify({
          compilerOptions: { strict: true, paths: { '@lib/*': ['../src/lib/*'] } },
        }),
      );
      writeFileSync(
        path.join(repo.path, 'tsconfig.json'),
        JSON.stringify({ extends: './config/tsconfig.base.json' }),
      );
      expect(moduleNameMapper(repo.path)).toEqual({
        '^@lib/(.*)$': [path.join(repo.path, 'src/lib/$1')],
      });
      // The compile gate and Jest read the alias the same way: the test type-checks and runs.
      const file = 'test/greet.candidate.ts';
      expect(typeCheck(repo.path, [file]).get(file)).toEqual([]);
      const run = await runJest({
        files: [file],
        workspace: repo.path,
        timeoutMs: 60_000,
        testTimeoutMs: 5_000,
        memoryMb: 512,
      });
      expect(run.status === 'ran' && run.tests.map((t) => t.status)).toEqual(['passed']);
    } finally {
      repo.dispose();
    }
  });

  it('maps nothing without a tsconfig', () => {
    expect(moduleNameMapper(path.join(FIXTURES, 'verify-repo'))).toEqual({});
  });
});
