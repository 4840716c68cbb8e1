import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { commitAll, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

const ATTEST_MODULES = path.join(__dirname, '..', '..', 'node_modules');

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
}

/** A CommonJS library with stated examples, a range check that throws, and one existing test. */
const LIBRARY = {
  'src/money.js': [
    '/**',
    ' * Cents to a price label.',
    ' * @example',
    " * label(1999) // => '$19.99'",
    ' * @example',
    ' * label(-1) // throws RangeError',
    ' */',
    'function label(cents) {',
    "  if (cents < 0) throw new RangeError('negative');",
    '  const dollars = Math.floor(cents / 100);',
    "  return `$${dollars}.${String(cents % 100).padStart(2, '0')}`;",
    '}',
    '',
    '/**',
    ' * The total of some prices, in cents.',
    ' * @example',
    ' * total([{ cents: 250 }, { cents: 100 }]) // => { cents: 350, items: 2 }',
    ' */',
    'function total(prices) {',
    '  return { cents: prices.reduce((sum, p) => sum + p.cents, 0), items: prices.length };',
    '}',
    '',
    'module.exports = { label, total };',
    '',
  ].join('\n'),
};

/** Runs `body` on a fresh repository holding LIBRARY and `files`, with a data dir of its own. */
async function withLibrary(
  packageJson: object,
  files: Record<string, string>,
  body: (repo: string, data: string) => Promise<void>,
): Promise<void> {
  const repo = tempDir();
  const data = tempDir();
  try {
    write(repo.path, {
      ...LIBRARY,
      'package.json': JSON.stringify({ name: 'money', version: '1.0.0', ...packageJson }),
      ...files,
    });
    await body(repo.path, data.path);
  } finally {
    repo.dispose();
    data.dispose();
  }
}

/** The runners installed as the team's would be: linked from Attest's own install. */
function linkModules(repo: string, names: string[]): void {
  mkdirSync(path.join(repo, 'node_modules'));
  for (const name of names)
    symlinkSync(path.join(ATTEST_MODULES, name), path.join(repo, 'node_modules', name));
  writeFileSync(path.join(repo, '.gitignore'), 'node_modules\n');
}

async function runOn(repo: string, data: string): Promise<{ report: Report; branch: string }> {
  commitAll(repo);
  const run = await runAttest(['run', repo, '--json'], { ATTEST_DATA_DIR: data });
  if (run.code !== 0) throw new Error(run.stderr);
  const summary = JSON.parse(run.stdout) as { reportJson: string; branch: string };
  return {
    report: JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report,
    branch: summary.branch,
  };
}

/**
 * Both examples accepted, and the repository's own runner (`command`) passed every kept test.
 * Gives the delivered text of one test file.
 */
function expectDelivered(
  repo: string,
  { report, branch }: { report: Report; branch: string },
  command: string,
  file: string,
): string {
  expect(verdicts(report)).toEqual(
    expect.arrayContaining([
      ['src/money.js#label', 'accepted', null],
      ['src/money.js#total', 'accepted', null],
    ]),
  );
  expect(report.deliveryCheck).toMatchObject({
    status: 'ran',
    command: `${command} test/attest/money.label.examples.test.js test/attest/money.total.examples.test.js`,
    passed: report.totals.selected,
    failed: [],
  });
  return git(repo, 'show', `${branch}:${file}`);
}

const verdicts = (report: Report) =>
  report.tests.filter((t) => t.origin === 'examples').map((t) => [t.target, t.status, t.gate]);

/**
 * Repositories tested with node:test and with mocha and chai get their tests in that dialect:
 * the gates still run them under Attest's Jest (node:test's API mapped onto it, node:assert and
 * chai's assertions counted), and the repository's own runner proves the delivery.
 */
describe('attest run in the dialects of node:test, mocha with chai, and CommonJS Jest', () => {
  it('writes node:test with node:assert for a repository whose test script is node --test', async () => {
    await withLibrary(
      { scripts: { test: 'node --test' } },
      {
        'test/money.test.js':
          "const { it } = require('node:test');\nconst assert = require('node:assert/strict');\nconst { label } = require('../src/money');\n\nit('pads the cents', () => {\n  assert.equal(label(105), '$1.05');\n});\n",
      },
      async (repo, data) => {
        const delivered = expectDelivered(
          repo,
          await runOn(repo, data),
          'node --test',
          'test/attest/money.label.examples.test.js',
        );
        expect(delivered).toContain(
          "const { describe, it } = require('node:test');\nconst assert = require('node:assert/strict');\nconst { label } = require('../../src/money.js');",
        );
        expect(delivered).toContain('assert.throws(() => label(-1), RangeError);');
      },
    );
  }, 300_000);

  it("writes mocha with chai's expect for a repository that declares both", async () => {
    await withLibrary(
      { scripts: { test: 'mocha' }, devDependencies: { mocha: '11.7.5', chai: '5.3.3' } },
      {
        '.mocharc.json': JSON.stringify({ spec: 'test/**/*.test.js' }),
        // The team's formatting, which the delivered files follow: no semicolons.
        '.prettierrc': JSON.stringify({ semi: false, singleQuote: true }),
        'test/money.test.js':
          "const { expect } = require('chai');\nconst { label } = require('../src/money');\n\ndescribe('label', () => {\n  it('pads the cents', () => {\n    expect(label(105)).to.equal('$1.05');\n  });\n});\n",
        // mocha's own globals (before) load under the runner too.
        'test/total.test.js':
          "const { expect } = require('chai');\nconst { total } = require('../src/money');\n\nlet none;\nbefore(() => {\n  none = total([]);\n});\n\nit('counts no items', () => {\n  expect(none.items).to.equal(0);\n});\n",
      },
      async (repo, data) => {
        linkModules(repo, ['mocha', 'chai', 'prettier']);
        const run = await runOn(repo, data);
        expect(run.report.suite).toMatchObject({ files: 2, unloadable: [] });
        const delivered = expectDelivered(
          repo,
          run,
          'npx mocha',
          'test/attest/money.total.examples.test.js',
        );
        expect(delivered).toContain(
          "const { expect } = require('chai')\nconst { total } = require('../../src/money.js')",
        );
        expect(delivered).toContain(
          'expect(total([{ cents: 250 }, { cents: 100 }])).to.deep.equal({\n      cents: 350,\n      items: 2,\n    })',
        );
        expect(run.report.deliveryCheck).toMatchObject({
          formatted: { command: 'prettier --write', files: [] },
        });
      },
    );
  }, 300_000);

  it('writes require for a CommonJS repository under Jest, whose own Jest has no Babel config', async () => {
    await withLibrary(
      { scripts: { test: 'jest' }, devDependencies: { jest: '29.7.0' } },
      {},
      async (repo, data) => {
        // Without Babel config, the team's Jest cannot load a test file that imports.
        linkModules(repo, ['jest']);
        const delivered = expectDelivered(
          repo,
          await runOn(repo, data),
          'npx jest --ci --runTestsByPath',
          'test/attest/money.label.examples.test.js',
        );
        expect(delivered).toContain("const { label } = require('../../src/money.js');");
        expect(delivered).not.toMatch(/^import /m);
      },
    );
  }, 300_000);
});
