import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { runJest } from '../../src/verify/jest-execution';
import { readTsconfig } from '../../src/runtime/tsconfig-reader';
import { FIXTURES, copyFolder } from '../helpers/temp-dir';
import { typeCheck } from '../../src/verify/type-check';

const REPO = path.join(FIXTURES, 'paths-repo');

describe("the repository's tsconfig, for the compile gate and Jest's resolver", () => {
  it("reads the repository's tsconfig paths and where they resolve from", () => {
    const config = readTsconfig(REPO);
    expect([config.options.paths, config.pathsBase]).toEqual([{ '@lib/*': ['src/lib/*'] }, REPO]);
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
    // A copy, as the runner's own: a sandboxed run is handed the folders it may write.
    const copy = copyFolder(REPO);
    try {
      const run = await runJest({
        files: [file],
        workspace: copy.path,
        timeoutMs: 60_000,
        testTimeoutMs: 5_000,
        memoryMb: 512,
      });
      expect(run.status === 'ran' && run.tests.map((t) => [t.name, t.status])).toEqual([
        [testName, 'passed'],
      ]);
    } finally {
      copy.dispose();
    }
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
      const config = readTsconfig(repo.path);
      expect([config.options.paths, config.pathsBase]).toEqual([
        { '@lib/*': ['../src/lib/*'] },
        path.join(repo.path, 'config'),
      ]);
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

  it('reads no settings without a tsconfig', () => {
    expect(readTsconfig(path.join(FIXTURES, 'verify-repo'))).toEqual({
      file: null,
      options: {},
      pathsBase: null,
    });
  });

  it('gives each file the tsconfig nearest to it, so a nested package keeps its own paths', async () => {
    const repo = copyFolder(REPO);
    try {
      const pkg = path.join(repo.path, 'packages', 'text');
      mkdirSync(path.join(pkg, 'src'), { recursive: true });
      mkdirSync(path.join(pkg, 'test'));
      writeFileSync(
        path.join(pkg, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { strict: true, paths: { '@text/split': ['./src/split.ts'] } },
        }),
      );
      writeFileSync(
        path.join(pkg, 'src', 'split.ts'),
        "export function split(text: string): string[] {\n  return text.split(' ');\n}\n",
      );
      const file = 'packages/text/test/split.test.ts';
      writeFileSync(
        path.join(repo.path, file),
        "import { split } from '@text/split';\n\nit('splits on spaces', () => {\n  expect(split('a b')).toEqual(['a', 'b']);\n});\n",
      );
      // The root's alias still serves the root's tests, beside the package's own.
      const root = 'test/greet.candidate.ts';
      const errors = typeCheck(repo.path, [file, root]);
      expect([errors.get(file), errors.get(root)]).toEqual([[], []]);
      const run = await runJest({
        files: [file, root],
        workspace: repo.path,
        timeoutMs: 60_000,
        testTimeoutMs: 5_000,
        memoryMb: 512,
      });
      expect(run.status === 'ran' && run.tests.map((t) => [t.file, t.status]).sort()).toEqual([
        [file, 'passed'],
        [root, 'passed'],
      ]);
    } finally {
      repo.dispose();
    }
  });

  it('reads ES modules with no moduleResolution as bundlers do, so node_modules resolve', () => {
    const repo = copyFolder(REPO);
    try {
      writeFileSync(
        path.join(repo.path, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module: 'ESNext', strict: true } }),
      );
      expect(readTsconfig(repo.path).options.moduleResolution).toBe(
        ts.ModuleResolutionKind.Bundler,
      );
      const file = 'test/vitest.test.ts';
      writeFileSync(
        path.join(repo.path, file),
        "import { expect, it } from 'vitest';\n\nit('adds', () => {\n  expect(1 + 1).toBe(2);\n});\n",
      );
      expect(typeCheck(repo.path, [file]).get(file)).toEqual([]);
    } finally {
      repo.dispose();
    }
  });
});
