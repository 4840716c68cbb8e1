// StrykerJS on the same code files and the same suite as an Attest run, for bench:repos: the
// yardstick for the suite baseline's time. Stryker and its runners are installed once per
// benchmark into a folder of the benchmark's own (never Attest's dependencies); each
// repository's dependencies are installed into a copy of its clone; Stryker runs there with its
// vitest runner (or its Jest runner, with Attest's Jest, for a repository with no runner of its
// own), perTest coverage, static mutants ignored as Attest's baseline ignores them. Stryker
// runs the repository's code unsandboxed: the benchmark runs only the pinned set D commits.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installPlan, readPackageJson } from '../src/verify/package-manager';

/** The versions measured against: 9.6 is the last release that runs on Node 20 (10 needs 22). */
const STRYKER = [
  '@stryker-mutator/core@9.6.1',
  '@stryker-mutator/vitest-runner@9.6.1',
  '@stryker-mutator/jest-runner@9.6.1',
];

const ATTEST_MODULES = path.join(__dirname, '..', '..', 'node_modules');

export interface StrykerRun {
  ms: number;
  mutants: number;
  killed: number;
  runner: 'vitest' | 'jest';
}

/** Stryker stopped at the benchmark's limit: its time is more than `ms`, its counts unknown. */
export interface StrykerOverLimit {
  overLimitMs: number;
}

/** Installs Stryker into `work/stryker`, once; its runners' peers are linked per repository. */
export function strykerTools(work: string): string {
  const tools = path.join(work, 'stryker');
  if (existsSync(path.join(tools, 'node_modules', '@stryker-mutator', 'core'))) return tools;
  mkdirSync(tools, { recursive: true });
  writeFileSync(path.join(tools, 'package.json'), '{"name":"stryker-tools","private":true}');
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--legacy-peer-deps',
      '--ignore-scripts',
      ...STRYKER,
    ],
    { cwd: tools, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return tools;
}

/** A clone of the repository with its dependencies, where its runner and Stryker run. */
export interface PreparedClone {
  /** The package's folder (the clone's root, or a workspace package in it). */
  cwd: string;
  /** The repository's own vitest package folder; none for a repository Attest's Jest runs. */
  vitest: string | null;
}

/** A fresh clone of `source` at `commit`, its dependencies installed as Attest installs them. */
export function prepareClone(
  source: string,
  commit: string,
  work: string,
  scope?: string,
): PreparedClone | { error: string } {
  const clone = path.join(work, `stryker-${path.basename(source)}`);
  rmSync(clone, { recursive: true, force: true });
  execFileSync('git', ['clone', '--quiet', source, clone]);
  execFileSync('git', ['-C', clone, 'checkout', '--quiet', commit]);
  const install = installPlan(clone, readPackageJson(clone), scope);
  if (install) {
    const attempt = (args: string[]) =>
      spawnSync(install.command, args, {
        cwd: clone,
        env: { ...process.env, ...install.env },
        stdio: ['ignore', 'ignore', 'pipe'],
        encoding: 'utf8',
      });
    let done = attempt(install.args);
    if (done.status !== 0 && install.fallback) done = attempt(install.fallback.args);
    if (done.status !== 0) return { error: `install failed: ${done.stderr.split('\n')[0]}` };
  }
  const cwd = scope ? path.join(clone, scope) : clone;
  const vitest = [cwd, clone]
    .map((dir) => path.join(dir, 'node_modules', 'vitest'))
    .find((dir) => existsSync(dir));
  return { cwd, vitest: vitest ? realpathSync(vitest) : null };
}

/**
 * The files `npx vitest run` passes in the package, as a user runs it (relative to the
 * package): what Attest's runner must load. Null for a repository without vitest.
 */
export function ownVitestPasses(clone: PreparedClone, work: string): Set<string> | null {
  if (!clone.vitest) return null;
  const out = path.join(work, 'own-vitest.json');
  rmSync(out, { force: true });
  spawnSync(
    process.execPath,
    [path.join(clone.vitest, 'vitest.mjs'), 'run', '--reporter=json', `--outputFile=${out}`],
    { cwd: clone.cwd, stdio: 'ignore', env: { ...process.env, CI: 'true' } },
  );
  if (!existsSync(out)) return new Set();
  const results = (
    JSON.parse(readFileSync(out, 'utf8')) as { testResults: { name: string; status: string }[] }
  ).testResults;
  return new Set(
    results.filter((r) => r.status === 'passed').map((r) => path.relative(clone.cwd, r.name)),
  );
}

/**
 * Stryker on `mutate` (paths relative to the package) with the repository's own runner; the
 * time counts Stryker's run alone, from its start to its report, as Attest's baseline counts
 * its own.
 */
export function strykerRun(
  tools: string,
  clone: PreparedClone,
  work: string,
  mutate: string[],
  /** The test files `npx vitest run` passes: Stryker's dry run must not fail, so it runs those. */
  passing: Set<string> | null,
  /** Stryker's run is stopped after this long (with all its workers) and reported as more. */
  limitMs: number,
): StrykerRun | StrykerOverLimit | { error: string } {
  const { cwd, vitest } = clone;
  const runner = vitest ? 'vitest' : 'jest';
  // Stryker's Jest runner finds Jest from the project's folder: Attest's, as Attest runs it.
  if (!vitest && !existsSync(path.join(cwd, 'node_modules')))
    symlinkSync(ATTEST_MODULES, path.join(cwd, 'node_modules'));
  // Stryker imports its peers from its own folder: the repository's own vitest or Attest's
  // Jest as the runner, and TypeScript (Attest's) to read the tsconfig.
  const peers = path.join(tools, 'node_modules');
  for (const peer of ['vitest', 'jest', 'typescript'])
    rmSync(path.join(peers, peer), { force: true });
  symlinkSync(vitest ?? path.join(ATTEST_MODULES, 'jest'), path.join(peers, runner));
  symlinkSync(path.join(ATTEST_MODULES, 'typescript'), path.join(peers, 'typescript'));
  const report = path.join(work, `stryker-${path.basename(cwd)}.json`);
  const config = path.join(cwd, 'stryker.bench.json');
  writeFileSync(
    config,
    JSON.stringify({
      testRunner: runner,
      plugins: [`@stryker-mutator/${runner}-runner`],
      mutate,
      coverageAnalysis: 'perTest',
      ignoreStatic: true,
      concurrency: Math.min(2, os.availableParallelism()),
      reporters: ['json'],
      jsonReporter: { fileName: report },
      tempDirName: '.stryker-tmp',
      cleanTempDir: 'always',
      ...(passing ? { vitest: { configFile: passingOnly(cwd, passing) } } : {}),
      ...(runner === 'jest'
        ? {
            jest: {
              config: {
                testEnvironment: 'node',
                transform: { '^.+\\.ts$': path.join(ATTEST_MODULES, '@swc', 'jest') },
              },
            },
          }
        : {}),
    }),
  );
  const started = Date.now();
  // coreutils' timeout signals its whole process group: Stryker and every worker it forked.
  const run = spawnSync(
    'timeout',
    [
      '--kill-after=30',
      String(Math.ceil(limitMs / 1000)),
      process.execPath,
      path.join(peers, '@stryker-mutator', 'core', 'bin', 'stryker.js'),
      'run',
      config,
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = Date.now() - started;
  if (run.status === 124 || run.status === 137) return { overLimitMs: limitMs };
  if (run.status !== 0 || !existsSync(report)) {
    const why = `${run.stdout}\n${run.stderr}`
      .split('\n')
      .find((line) => /error/i.test(line) && line.trim().length > 0);
    return { error: `Stryker failed (exit ${run.status}): ${why?.trim() ?? 'no report'}` };
  }
  const mutants = Object.values(
    (
      JSON.parse(readFileSync(report, 'utf8')) as {
        files: Record<string, { mutants: { status: string }[] }>;
      }
    ).files,
  ).flatMap((f) => f.mutants);
  const counted = mutants.filter((m) => !['Ignored', 'CompileError'].includes(m.status));
  return {
    ms,
    mutants: counted.length,
    killed: counted.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length,
    runner,
  };
}

/** A vitest config that is the package's own with its test files cut to `files`. */
function passingOnly(cwd: string, files: Set<string>): string {
  const own = ['vitest.config', 'vite.config']
    .flatMap((base) => ['.ts', '.mts', '.js', '.mjs', '.cts', '.cjs'].map((ext) => base + ext))
    .find((name) => existsSync(path.join(cwd, name)));
  const file = 'vitest.stryker-bench.config.mts';
  writeFileSync(
    path.join(cwd, file),
    [
      "import { defineConfig, mergeConfig } from 'vitest/config';",
      own ? `import own from './${own}';` : 'const own = {};',
      `export default mergeConfig(own, defineConfig({ test: { include: ${JSON.stringify([...files])} } }));`,
      '',
    ].join('\n'),
  );
  return file;
}
