import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { publishBare } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

/**
 * A library with a runtime dependency and a package-lock.json, as a remote: its clone has no
 * node_modules, so every copy the runner makes needs the one install. The dependency is a
 * tarball in the repository (`file:`), which npm installs without reaching a registry.
 */
type Manager = 'npm' | 'pnpm' | 'yarn';

/** The real package manager writes the lock: npm's, or pnpm's or yarn's from Attest's install. */
function lock(work: string, manager: Manager): void {
  if (manager === 'npm') {
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--silent'], {
      cwd: work,
    });
    return;
  }
  const entry = manager === 'pnpm' ? 'pnpm/bin/pnpm.cjs' : 'yarn/bin/yarn.js';
  execFileSync(
    process.execPath,
    [
      path.join(__dirname, '..', '..', 'node_modules', entry),
      'install',
      ...(manager === 'pnpm' ? ['--lockfile-only'] : ['--ignore-scripts', '--silent']),
    ],
    { cwd: work, stdio: 'ignore' },
  );
  rmSync(path.join(work, 'node_modules'), { recursive: true, force: true });
}

function aRemoteWithDependencies(root: string, manager: Manager, esm = false): string {
  const dep = path.join(root, 'to-ms');
  mkdirSync(dep);
  writeFileSync(
    path.join(dep, 'package.json'),
    JSON.stringify({
      name: 'to-ms',
      version: '1.0.0',
      main: 'index.js',
      ...(esm ? { type: 'module' } : {}),
    }),
  );
  writeFileSync(
    path.join(dep, 'index.js'),
    esm
      ? 'export default (seconds) => seconds * 1000;\n'
      : 'module.exports = (seconds) => seconds * 1000;\n',
  );
  const work = path.join(root, 'timer-work');
  mkdirSync(path.join(work, 'vendor'), { recursive: true });
  mkdirSync(path.join(work, 'src'));
  execFileSync('npm', ['pack', '--silent', '--pack-destination', path.join(work, 'vendor')], {
    cwd: dep,
  });
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({
      name: 'timer-lib',
      version: '1.0.0',
      main: 'src/index.js',
      ...(esm ? { type: 'module' } : {}),
      dependencies: { 'to-ms': 'file:vendor/to-ms-1.0.0.tgz' },
    }),
  );
  const body =
    "function delayOf(seconds) {\n  if (seconds < 0) throw new RangeError('negative');\n  return toMs(seconds) + 5;\n}\n";
  writeFileSync(
    path.join(work, 'src/index.js'),
    esm
      ? `import toMs from 'to-ms';\n\nexport ${body}`
      : `const toMs = require('to-ms');\n\n${body}\nmodule.exports = { delayOf };\n`,
  );
  writeFileSync(
    path.join(work, 'README.md'),
    '# timer-lib\n\n## delayOf\n\nThe delay in milliseconds, with a margin of 5.\n\n```js\ndelayOf(2) // => 2005\ndelayOf(0) // => 5\n```\n',
  );
  lock(work, manager);
  return publishBare(root, work, 'timer');
}

describe('attest run on a repository cloned by URL, with runtime dependencies and a lock file', () => {
  it.each([
    ['npm', 'npm ci --ignore-scripts'],
    ['pnpm', 'pnpm install --frozen-lockfile --ignore-scripts --ignore-pnpmfile'],
    ['yarn', 'yarn install --frozen-lockfile --ignore-scripts --non-interactive'],
  ] as const)(
    'installs the %s lock once for every copy, so the stated examples pass the mutation gate',
    async (manager, command) => {
      const root = tempDir();
      const data = tempDir();
      const cwd = tempDir();
      try {
        const url = aRemoteWithDependencies(root.path, manager);
        // Run from a folder of the user's: a URL job's reports come there, not to its clone.
        const run = await runAttest(
          ['run', url, '--json'],
          { ATTEST_DATA_DIR: data.path },
          cwd.path,
        );
        expect(run.stderr).not.toMatch(/unexpected failure/);
        if (run.code !== 0) throw new Error(run.stderr);
        expect(run.code).toBe(0);
        const summary = JSON.parse(run.stdout) as { jobId: string; reportJson: string };
        expect(summary.reportJson).toBe(
          path.join(cwd.path, '.attest', summary.jobId, 'report.json'),
        );
        expect(readFileSync(path.join(cwd.path, '.attest', '.gitignore'), 'utf8')).toBe('*\n');
        const report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
        expect(report.tests.map((t) => [t.name.replace(/^.* > /, ''), t.status, t.gate])).toEqual([
          ['README.md:8 delayOf(2) returns 2005', 'accepted', null],
          ['README.md:9 delayOf(0) returns 5', 'accepted', null],
        ]);
        expect(report.totals.mutantsKilled).toBeGreaterThan(0);
        // The install went to the data directory, keyed by the lock, for the next job to reuse.
        expect(existsSync(path.join(data.path, 'dependencies'))).toBe(true);
        expect(report.dependencies).toEqual({
          status: 'installed',
          manager,
          command,
          cached: expect.any(Boolean),
          installMs: expect.any(Number),
        });
      } finally {
        root.dispose();
        data.dispose();
        cwd.dispose();
      }
    },
    300_000,
  );

  it('runs an ES module package whose dependency is an ES module only', async () => {
    const root = tempDir();
    const data = tempDir();
    try {
      const url = aRemoteWithDependencies(root.path, 'npm', true);
      const run = await runAttest(
        ['run', url, '--json'],
        { ATTEST_DATA_DIR: data.path },
        data.path,
      );
      if (run.code !== 0) throw new Error(run.stderr);
      const summary = JSON.parse(run.stdout) as { reportJson: string };
      const report = JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
      expect(report.tests.map((t) => [t.name.replace(/^.* > /, ''), t.status, t.gate])).toEqual([
        ['README.md:8 delayOf(2) returns 2005', 'accepted', null],
        ['README.md:9 delayOf(0) returns 5', 'accepted', null],
      ]);
    } finally {
      root.dispose();
      data.dispose();
    }
  }, 300_000);
});
