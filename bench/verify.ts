/**
 * bench:verify — candidates per minute through every gate of the runner, the time in each
 * gate, the mutants made and run, and the mutation gate's time against a plain Stryker run
 * of the same tests over the same files.
 *
 *   npm run bench:verify
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/core/attest-config';
import { givenCandidates } from '../src/core/verification';
import { runJob } from '../src/pipeline/run-job';
import { verifyCandidates } from '../src/verify/verification';

const ROOT = path.join(__dirname, '..', '..');
const LIBRARY = path.join(ROOT, 'examples', 'textkit');
const CANDIDATES = path.join(ROOT, 'bench', 'data', 'textkit-candidates');

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'attest-bench-verify-'));
  try {
    const repo = copyLibrary(work, 'attest');
    const files = listFiles(repo);
    const candidates = files.filter((f) => f.startsWith('candidates/'));
    const codeFiles = files.filter((f) => f.startsWith('src/') && f.endsWith('.ts'));
    const start = performance.now();
    const result = await verifyCandidates(
      {
        root: repo,
        files,
        codeFiles,
        candidates: givenCandidates(candidates),
        existingTests: [],
        packageName: null,
      },
      { cacheDir: null, home: os.homedir(), path: process.env.PATH ?? '' },
    );
    const seconds = (performance.now() - start) / 1000;
    const tests = result.verdicts.length;
    const accepted = result.verdicts.filter((v) => v.status === 'accepted').length;
    line(
      'candidates',
      `${tests} tests in ${candidates.length} files over ${codeFiles.length} source files (examples/textkit)`,
    );
    line('verdicts', `${accepted} accepted, ${tests - accepted} rejected`);
    line(
      'throughput',
      `${((tests / seconds) * 60).toFixed(1)} candidates/min (${seconds.toFixed(1)} s through all gates)`,
    );
    for (const [gate, ms] of Object.entries(result.timings))
      line(`  ${gate}`, `${(ms / 1000).toFixed(2)} s`);
    const runs = Object.values(result.mutantRuns).reduce((a, b) => a + b, 0);
    const outcomes = Object.entries(result.mutantRuns)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ');
    line(
      'mutants',
      `${result.mutants.length} generated; ${runs} test-with-mutant runs (${outcomes})`,
    );

    const strykerRepo = copyLibrary(work, 'stryker');
    const mutationTestFiles = [
      ...new Set(
        result.verdicts
          .filter(
            (v) =>
              v.gate !== 'static' &&
              v.gate !== 'compile' &&
              v.gate !== 'pass' &&
              v.gate !== 'stable' &&
              v.gate !== 'hollow',
          )
          .map((v) => v.file),
      ),
    ];
    const stryker = runStryker(strykerRepo, mutationTestFiles);
    const mutationSeconds = result.timings.mutation / 1000;
    line(
      'stryker',
      `${stryker.seconds.toFixed(1)} s for the same ${mutationTestFiles.length} test files over the same source files (${stryker.mutants} mutants, perTest coverage)`,
    );
    line(
      'ratio',
      `${(mutationSeconds / stryker.seconds).toFixed(2)} (mutation gate ${mutationSeconds.toFixed(1)} s / Stryker ${stryker.seconds.toFixed(1)} s)`,
    );
    await secondJob(work);
    line('command', 'npm run bench:verify');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The candidate files that serve as the repository's own suite in the second-job figures. */
const SUITE = ['arrays', 'strings-case', 'strings-misc', 'strings-shape'];

/**
 * The time of a job, then of a second job on the same commit: the existing suite's mutation
 * results come from the data directory's cache the second time. A job with the cache off
 * stands for "before". The repository's own suite is four of the candidate files, moved into
 * test/; the added-value gate's own time (the suite's mutation run, or the cache's read) is
 * printed beside, since tier 0 on a small library spends most of a job elsewhere.
 */
async function secondJob(work: string): Promise<void> {
  const repo = copyLibrary(work, 'jobs');
  mkdirSync(path.join(repo, 'test'));
  for (const name of SUITE)
    cpSync(
      path.join(repo, 'candidates', `${name}.candidate.ts`),
      path.join(repo, 'test', `${name}.test.ts`),
    );
  rmSync(path.join(repo, 'candidates'), { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
  spawnSync('git', ['add', '-A'], { cwd: repo });
  spawnSync(
    'git',
    ['-c', 'user.name=bench', '-c', 'user.email=bench@attest.invalid', 'commit', '-qm', 'bench'],
    { cwd: repo },
  );
  const config = parseConfig({ ...process.env, ATTEST_DATA_DIR: path.join(work, 'data') });
  const timeJob = async (cacheDir: string | null) => {
    const start = performance.now();
    await runJob(
      { source: { kind: 'path', path: repo }, outDir: path.join(work, 'out') },
      { ...config, runner: { ...config.runner, cacheDir } },
    );
    return (performance.now() - start) / 1000;
  };
  const uncached = await timeJob(null);
  const first = await timeJob(config.dataDir);
  const second = await timeJob(config.dataDir);
  line('job, cache off', `${uncached.toFixed(1)} s (tier 0 on examples/textkit, 4-file suite)`);
  line('job, cache cold', `${first.toFixed(1)} s`);
  line('second job', `${second.toFixed(1)} s on the same commit, the suite's results cached`);
  // The added-value gate alone: one candidate file against the suite, without and with the cache.
  const candidate = path.join('candidates', 'numbers.candidate.ts');
  cpSync(path.join(CANDIDATES, 'numbers.candidate.ts'), path.join(repo, candidate));
  const files = listFiles(repo);
  const gate = async (cacheDir: string | null) => {
    const result = await verifyCandidates(
      {
        root: repo,
        files,
        codeFiles: files.filter((f) => f.startsWith('src/')),
        candidates: givenCandidates([candidate]),
        existingTests: SUITE.map((name) => `test/${name}.test.ts`),
        packageName: null,
      },
      { ...config.runner, cacheDir },
    );
    return `${(result.timings['added-value'] / 1000).toFixed(2)} s (cache ${result.suiteCache})`;
  };
  const cacheDir = path.join(work, 'suite-cache');
  line('added-value', `${await gate(null)} without a cache`);
  line('added-value', `${await gate(cacheDir)} first, ${await gate(cacheDir)} second`);
}

function copyLibrary(work: string, name: string): string {
  const repo = path.join(work, name);
  cpSync(LIBRARY, repo, { recursive: true });
  cpSync(CANDIDATES, path.join(repo, 'candidates'), { recursive: true });
  return repo;
}

function listFiles(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(root, rel) : [rel];
  });
}

/** A plain Stryker run (its jest runner, perTest coverage) of the given test files over src/. */
function runStryker(repo: string, testFiles: string[]): { seconds: number; mutants: number } {
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  const report = path.join(repo, 'stryker-report.json');
  const testRegex = `(${testFiles.map((f) => f.replace(/[.]/g, '\\.')).join('|')})$`;
  const config = {
    testRunner: 'jest',
    plugins: ['@stryker-mutator/jest-runner'],
    coverageAnalysis: 'perTest',
    mutate: ['src/**/*.ts'],
    reporters: ['json'],
    jsonReporter: { fileName: report },
    concurrency: Math.min(os.availableParallelism(), 2),
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    jest: {
      projectType: 'custom',
      enableFindRelatedTests: false,
      config: {
        rootDir: repo,
        testEnvironment: 'node',
        testRegex,
        transform: {
          '^.+\\.(t|j)sx?$': [
            require.resolve('@swc/jest'),
            {
              jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
              module: { type: 'commonjs' },
            },
          ],
        },
      },
    },
  };
  writeFileSync(path.join(repo, 'stryker.config.json'), JSON.stringify(config));
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js'),
      'run',
      'stryker.config.json',
    ],
    {
      cwd: repo,
      encoding: 'utf8',
      timeout: 15 * 60_000,
    },
  );
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0 || !existsSync(report))
    throw new Error(`Stryker failed: ${run.stderr.slice(-2000)}${run.stdout.slice(-2000)}`);
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    files: Record<string, { mutants: unknown[] }>;
  };
  const mutants = Object.values(json.files).reduce((n, f) => n + f.mutants.length, 0);
  return { seconds, mutants };
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(15)} ${value}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:verify failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
