import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { commitAll, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

const ATTEST = path.join(__dirname, '..', '..');
const PNPM = path.join(ATTEST, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

function pnpm(cwd: string, ...args: string[]): void {
  execFileSync(process.execPath, [PNPM, ...args], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, CI: 'true' },
  });
}

/** Attest's own vitest, which the workspace's stand-in package hands on. */
const VITEST = path.join(ATTEST, 'node_modules', 'vitest');

/**
 * A pnpm workspace of two ES-module packages, tested with vitest: the real one (its API and its
 * Node API, so the gates run in it natively), from Attest's own install so that no registry is
 * needed, through a stand-in package inside the repository
 * (`vendor/vitest`, linked), since the runner installs in a sandbox where nothing outside the
 * install's own folder can be written, and pnpm writes the bins of what it links. `text`
 * imports through its own tsconfig
 * `paths` alias and through a `.js` specifier that names a `.ts` file; `other` must stay
 * untouched when the job targets `text`.
 */
function aWorkspace(root: string): void {
  write(root, {
    'package.json': JSON.stringify({
      name: 'mono',
      private: true,
      devDependencies: { vitest: 'link:./vendor/vitest' },
    }),
    'vendor/vitest/package.json': JSON.stringify({
      name: 'vitest',
      version: '0.0.0-attest',
      type: 'module',
      bin: { vitest: './vitest.mjs' },
      exports: {
        '.': { types: './index.d.mts', default: './index.mjs' },
        './node': { default: './node.mjs' },
      },
    }),
    'vendor/vitest/node.mjs': `export * from ${JSON.stringify(path.join(VITEST, 'dist', 'node.js'))};\n`,
    'vendor/vitest/index.d.mts': `export * from ${JSON.stringify(path.join(VITEST, 'dist', 'index.js'))};\n`,
    'vendor/vitest/index.mjs': `export * from ${JSON.stringify(path.join(VITEST, 'dist', 'index.js'))};\n`,
    'vendor/vitest/vitest.mjs': `import ${JSON.stringify(path.join(VITEST, 'vitest.mjs'))};\n`,
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    'packages/text/package.json': JSON.stringify({
      name: '@mono/text',
      version: '1.0.0',
      type: 'module',
      scripts: { test: 'vitest run' },
    }),
    'packages/text/tsconfig.json': JSON.stringify({
      compilerOptions: {
        module: 'ESNext',
        strict: true,
        paths: { '@text/split': ['./src/split.ts'] },
      },
    }),
    'packages/text/vitest.config.mjs':
      "import { fileURLToPath } from 'node:url';\n\nexport default {\n  resolve: { alias: { '@text/split': fileURLToPath(new URL('./src/split.ts', import.meta.url)) } },\n};\n",
    'packages/text/src/split.ts':
      "export function split(text: string): string[] {\n  return text.split(' ').filter((w) => w.length > 0);\n}\n",
    'packages/text/src/shout.ts':
      'export const shout = (word: string): string => `${word.toUpperCase()}!`;\n',
    'packages/text/src/words.ts': [
      "import { split } from '@text/split';",
      "import { shout } from './shout.js';",
      '',
      '/**',
      ' * How many words the text holds.',
      ' * @example',
      " * countWords('to be or not') // => 4",
      ' */',
      'export function countWords(text: string): number {',
      '  return split(text).length;',
      '}',
      '',
      '/**',
      ' * The first word, shouted.',
      ' * @example',
      " * loudest('hello world') // => 'HELLO!'",
      ' */',
      'export function loudest(text: string): string {',
      "  const [first = ''] = split(text);",
      '  return shout(first);',
      '}',
      '',
    ].join('\n'),
    'packages/text/test/words.test.ts':
      "import { expect, it } from 'vitest';\nimport { split } from '../src/split';\n\nit('drops empty words', () => {\n  expect(split(' a  b ')).toEqual(['a', 'b']);\n});\n",
    'packages/other/package.json': JSON.stringify({ name: '@mono/other', version: '1.0.0' }),
    'packages/other/src/double.ts':
      '/**\n * @example\n * double(2) // => 4\n */\nexport function double(n: number): number {\n  return n * 2;\n}\n',
  });
  pnpm(root, 'install', '--lockfile-only');
}

describe('attest run --package on a pnpm workspace', () => {
  it("targets one package with its own tsconfig paths, and delivers tests that the workspace's vitest passes", async () => {
    const data = tempDir();
    const repo = path.join(data.path, 'repos', 'mono');
    try {
      aWorkspace(repo);
      commitAll(repo);
      const run = await runAttest(['run', repo, '--package', 'packages/text', '--json'], {
        ATTEST_DATA_DIR: data.path,
      });
      if (run.code !== 0) throw new Error(run.stderr);
      const summary = JSON.parse(run.stdout) as { reportJson: string; branch: string };
      const report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
      // Only the targeted package's code: nothing of packages/other.
      expect(report.targets.map((t) => t.id).sort()).toEqual([
        'packages/text/src/shout.ts#shout',
        'packages/text/src/split.ts#split',
        'packages/text/src/words.ts#countWords',
        'packages/text/src/words.ts#loudest',
      ]);
      expect(report.testDir).toBe('packages/text/test/attest');
      expect(
        report.tests
          .filter((t) => t.origin === 'examples')
          .map((t) => [t.target, t.status, t.gate]),
      ).toEqual(
        expect.arrayContaining([
          ['packages/text/src/words.ts#countWords', 'accepted', null],
          ['packages/text/src/words.ts#loudest', 'accepted', null],
        ]),
      );
      expect(report.dependencies).toMatchObject({
        status: 'installed',
        manager: 'pnpm',
        command:
          'pnpm install --frozen-lockfile --ignore-scripts --ignore-pnpmfile --filter ./packages/text... --filter .',
      });
      // The package's own vitest suite loaded, so the added-value gate had its baseline.
      expect(report.suite).toMatchObject({ files: 1, unloadable: [] });
      // The package's own vitest ran the gates, from the package's folder and config.
      expect(report.containment?.runner).toBe('vitest');
      // The repository's own vitest, started in the package's folder, proved the delivery.
      expect(report.deliveryCheck).toEqual({
        status: 'ran',
        command:
          'cd packages/text && npx vitest run test/attest/words.countWords.examples.test.ts test/attest/words.loudest.examples.test.ts',
        passed: 2,
        failed: [],
      });

      // As the team would: check the branch out, install, and run the package's own tests.
      const checkout = path.join(data.path, 'repos', 'checkout');
      git(repo, 'worktree', 'add', '--quiet', checkout, summary.branch);
      pnpm(checkout, 'install', '--frozen-lockfile', '--offline');
      const vitest = execFileSync(
        process.execPath,
        [path.join(checkout, 'node_modules', 'vitest', 'vitest.mjs'), 'run'],
        {
          cwd: path.join(checkout, 'packages', 'text'),
          encoding: 'utf8',
          env: { ...process.env, CI: 'true', NO_COLOR: '1' },
        },
      );
      expect(vitest).toMatch(/Test Files\s+3 passed \(3\)/);
    } finally {
      data.dispose();
    }
  }, 300_000);

  it('says which packages there are when --package names none', async () => {
    const repo = tempDir();
    try {
      aWorkspace(repo.path);
      commitAll(repo.path);
      const run = await runAttest(['run', repo.path, '--package', 'packages/nope'], {});
      expect(run.code).not.toBe(0);
      expect(run.stderr.trim().split('\n').pop()).toBe(
        'attest: --package packages/nope: the repository has no package.json at packages/nope. Give the folder of one of its packages, relative to the root: packages/other, packages/text, vendor/vitest.',
      );
    } finally {
      repo.dispose();
    }
  }, 60_000);
});
