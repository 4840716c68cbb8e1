// bench:repos: `attest run` at tier 0 on real TypeScript repositories with their own suites
// (set D of ../shared/CORPUS.md), each at a pinned commit, read from a folder of clones that
// the user fills (the README says how). Their code is never committed here.
import { EXAMPLE_HEADERS, exampleColumns } from './stated-examples';
import { ownVitestPasses, prepareClone, strykerRun, strykerTools } from './stryker';
import { printTable } from './table';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SuiteSummary } from '../src/cli/commands/suite-command';
import type { Report } from '../src/core/report';

interface Repository {
  /** The GitHub repository, and the folder's name under the corpus folder. */
  github: string;
  commit: string;
  /** A monorepo's package to target. */
  package?: string;
}

const REPOSITORIES: Repository[] = [
  { github: 'unjs/ufo', commit: '11308c0bb5cb4a4bc3bfcbdc5c03177b097423e6' },
  { github: 'unjs/defu', commit: '80c0146afb11ebd86183a579ec469f3abd976695' },
  { github: 'unjs/pathe', commit: '2a558aee716f6820a199cdf5b075ef4aafb69399' },
  { github: 'unjs/hookable', commit: 'b77477c027039362ee0ec4f39b8998c4f1b21707' },
  {
    github: 'unjs/unhead',
    commit: 'e9cf06bfb6077b6effac1496b121e25a7e65cdfc',
    package: 'packages/unhead',
  },
];

/** A Stryker run longer than this is stopped and reported as more (`--stryker-minutes`). */
const STRYKER_MINUTES = 60;

const BIN = path.join(__dirname, '..', '..', 'bin', 'attest.js');

/** Not fetched: written by the benchmark, a small library whose own suite is `specs` files. */
const SYNTHETIC: Repository = { github: 'generated/800-specs', commit: 'HEAD' };

function syntheticRepository(work: string, specs: number): string {
  const root = path.join(work, 'source-800-specs');
  mkdirSync(path.join(root, 'src'), { recursive: true });
  mkdirSync(path.join(root, 'test'));
  const functions = 20;
  const lib = Array.from({ length: functions }, (_, i) =>
    [
      '/**',
      ` * Scales by ${i + 2} and clamps at ${100 * (i + 1)}.`,
      ' * @example',
      ` * scale${i}(3) // => ${Math.min(3 * (i + 2), 100 * (i + 1))}`,
      ' */',
      `export function scale${i}(n: number): number {`,
      `  const scaled = n * ${i + 2};`,
      `  return scaled > ${100 * (i + 1)} ? ${100 * (i + 1)} : scaled;`,
      '}',
    ].join('\n'),
  ).join('\n\n');
  writeFileSync(path.join(root, 'src', 'lib.ts'), `${lib}\n`);
  for (let s = 0; s < specs; s++) {
    const i = s % functions;
    writeFileSync(
      path.join(root, 'test', `spec-${String(s).padStart(3, '0')}.test.ts`),
      `import { scale${i} } from '../src/lib';\n\nit('scales ${s}', () => {\n  expect(scale${i}(${s % 7})).toBe(${Math.min((s % 7) * (i + 2), 100 * (i + 1))});\n});\n`,
    );
  }
  writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'specs', version: '1.0.0' }),
  );
  execFileSync('git', ['init', '--quiet', root]);
  execFileSync('git', ['-C', root, 'add', '-A']);
  execFileSync('git', [
    '-C',
    root,
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.com',
    'commit',
    '--quiet',
    '-m',
    'specs',
  ]);
  return root;
}

function usage(): never {
  console.error(
    'usage: npm run bench:repos -- <folder> [--suite] [--stryker-minutes N] [name ...]\n' +
      "--suite: only the repository's suite against Stryker, without the jobs.\n" +
      `--stryker-minutes N: stop a Stryker run after N minutes and report its time as more (default ${STRYKER_MINUTES}).\n` +
      'The folder holds one git clone per repository, named after it, for example:\n' +
      REPOSITORIES.map(
        (r) => `  git clone https://github.com/${r.github} <folder>/${nameOf(r)}`,
      ).join('\n') +
      '\nEach is run at its pinned commit (bench/repos.ts), which the clone must contain.',
  );
  process.exit(2);
}

function nameOf(repo: Repository): string {
  return repo.github.split('/')[1]!;
}

function main(): void {
  const args = process.argv.slice(2);
  // --suite: the suite against Stryker alone, without the jobs.
  const suiteOnly = args.includes('--suite');
  const limitAt = args.indexOf('--stryker-minutes');
  const minutes = limitAt < 0 ? STRYKER_MINUTES : Number(args[limitAt + 1]);
  if (!(minutes > 0)) usage();
  const [folder, ...only] = args.filter(
    (a, i) => a !== '--suite' && (limitAt < 0 || (i !== limitAt && i !== limitAt + 1)),
  );
  if (!folder || !existsSync(folder)) usage();
  const limitMs = minutes * 60_000;
  const work = mkdtempSync(path.join(os.tmpdir(), 'attest-bench-repos-'));
  const rows: string[][] = [];
  const suiteRows: string[][] = [];
  const tools = strykerTools(work);
  try {
    for (const repo of REPOSITORIES.filter((r) => !only.length || only.includes(nameOf(r)))) {
      const source = path.resolve(folder, nameOf(repo));
      if (!hasCommit(source, repo.commit)) {
        console.error(
          `${nameOf(repo)}: skipped, ${source} is no clone holding ${repo.commit}: git clone https://github.com/${repo.github} ${source}`,
        );
        continue;
      }
      measure(repo, source, work, tools, limitMs, suiteOnly ? null : rows, suiteRows);
    }
    // The suite-at-scale target: a repository whose own suite has 800 spec files.
    if (!only.length || only.includes(SYNTHETIC.github)) {
      measure(
        SYNTHETIC,
        syntheticRepository(work, 800),
        work,
        tools,
        limitMs,
        suiteOnly ? null : rows,
        suiteRows,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const header = [
    'repository',
    'targets',
    ...EXAMPLE_HEADERS,
    'accepted',
    'kept',
    'mutation score, kept tests',
    "mutation score, repository's suite",
    'ratio',
    'suite files: run with mutants, s',
    'install s',
    'wall s',
    'delivery check',
  ];
  if (!suiteOnly) printTable(header, rows);
  console.log(
    "\nThe repository's suite with the mutants: Attest's baseline against StrykerJS (perTest coverage; Stryker ignores static mutants, Attest tries them and its time includes them; same code files, same machine, one after the other)\n",
  );
  printTable(
    [
      'repository',
      'runner',
      'suite files loaded',
      'files `npx vitest run` passes: loaded',
      'Attest mutants (killed)',
      'Attest baseline s (static mutants)',
      'Stryker mutants (killed)',
      'Stryker s',
      'ratio',
    ],
    suiteRows,
  );
  console.log(
    `\n${os.availableParallelism()} cores, node ${process.version}, tier 0 only (no model); reproduce with: npm run bench:repos -- <folder> [name ...]`,
  );
}

/** Tier 0 alone: the benchmark measures what Attest does for no token. */
function withoutModels(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.ATTEST_MODELS;
  return rest;
}

function hasCommit(dir: string, commit: string): boolean {
  return (
    existsSync(dir) &&
    spawnSync('git', ['-C', dir, 'cat-file', '-e', `${commit}^{commit}`]).status === 0
  );
}

/**
 * One repository: Attest's run; then its suite with the mutants of all its code (`attest
 * suite`, which a run does only when a candidate reaches the added-value gate), the files
 * `npx vitest run` passes, and Stryker on the same code files.
 */
function measure(
  repo: Repository,
  source: string,
  work: string,
  tools: string,
  limitMs: number,
  rows: string[][] | null,
  suiteRows: string[][],
): void {
  if (rows) {
    rows.push(runOne(repo, source, work));
    process.stderr.write(`${rows[rows.length - 1]!.join(' | ')}\n`);
  }
  const label = repo.package ? `${nameOf(repo)} (${repo.package})` : nameOf(repo);
  const suite = suiteOf(repo, source, work);
  if ('error' in suite) {
    suiteRows.push([label, suite.error, ...Array<string>(7).fill('-')]);
    return;
  }
  const within = (file: string) => (repo.package ? path.relative(repo.package, file) : file);
  const clone = prepareClone(source, repo.commit, work, repo.package);
  const passes = 'error' in clone ? null : ownVitestPasses(clone, work);
  const unloadable = new Set(suite.unloadable.map((u) => within(u.file)));
  const stryker =
    'error' in clone
      ? clone
      : strykerRun(tools, clone, work, suite.codeFiles.map(within), passes, limitMs);
  suiteRows.push([
    label,
    suite.runner,
    `${suite.loaded}/${suite.files}`,
    passes ? `${[...passes].filter((f) => !unloadable.has(f)).length}/${passes.size}` : 'n/a',
    `${suite.mutants} (${suite.killed})`,
    `${(suite.runMs / 1000).toFixed(0)}${suite.staticMs ? ` (${(suite.staticMs / 1000).toFixed(0)})` : ''}`,
    ...('error' in stryker
      ? [stryker.error, '-', '-']
      : 'overLimitMs' in stryker
        ? // Stopped at the limit: Stryker took longer, so the ratio is at most this.
          [
            'stopped at the limit',
            `> ${(stryker.overLimitMs / 1000).toFixed(0)}`,
            `< ${(suite.runMs / stryker.overLimitMs).toFixed(2)}×`,
          ]
        : [
            `${stryker.mutants} (${stryker.killed})`,
            (stryker.ms / 1000).toFixed(0),
            `${(suite.runMs / stryker.ms).toFixed(2)}×`,
          ]),
  ]);
  process.stderr.write(`${suiteRows[suiteRows.length - 1]!.join(' | ')}\n`);
}

/** `attest suite` on a checkout of the commit, as a user runs it. */
function suiteOf(repo: Repository, source: string, work: string): SuiteSummary | { error: string } {
  const checkout = path.join(work, `suite-${nameOf(repo).replace(/\W/g, '-')}`);
  execFileSync('git', ['clone', '--quiet', source, checkout]);
  execFileSync('git', ['-C', checkout, 'checkout', '--quiet', repo.commit]);
  const run = spawnSync(
    process.execPath,
    [BIN, 'suite', checkout, ...(repo.package ? ['--package', repo.package] : []), '--json'],
    {
      encoding: 'utf8',
      // A data folder of its own, with no results of an earlier run: the suite is timed.
      env: { ...withoutModels(process.env), ATTEST_DATA_DIR: path.join(work, 'suite-data') },
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (run.status !== 0) return { error: `attest suite failed (exit ${run.status})` };
  return JSON.parse(run.stdout) as SuiteSummary;
}

/** One `attest run`, as a user runs it, on a clone of the clone (the user's folder gains no branch). */
function runOne(repo: Repository, source: string, work: string): string[] {
  const clone = path.join(work, nameOf(repo).replace(/\W/g, '-'));
  execFileSync('git', ['clone', '--quiet', '--no-checkout', source, clone]);
  const out = path.join(work, `${nameOf(repo).replace(/\W/g, '-')}-out`);
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      BIN,
      'run',
      clone,
      '--ref',
      repo.commit,
      ...(repo.package ? ['--package', repo.package] : []),
      '--out',
      out,
      '--json',
    ],
    {
      encoding: 'utf8',
      // A data folder of its own: the install is timed, not taken from an earlier run's cache.
      env: { ...withoutModels(process.env), ATTEST_DATA_DIR: path.join(work, 'data') },
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const wall = ((Date.now() - started) / 1000).toFixed(0);
  if (run.status !== 0)
    return [nameOf(repo), `failed (exit ${run.status})`, ...Array<string>(11).fill('-'), wall, '-'];
  const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as Report;
  const t = report.totals;
  const suite = report.suite;
  const suiteShare = suite && suite.mutants > 0 ? suite.mutantsKilled / suite.mutants : null;
  const percent = (share: number | null, killed?: number, of?: number) =>
    share === null ? 'n/a' : `${(share * 100).toFixed(1)}% (${killed}/${of})`;
  const check = report.deliveryCheck;
  const deps = report.dependencies;
  return [
    repo.package ? `${nameOf(repo)} (${repo.package})` : nameOf(repo),
    String(report.targets.length),
    ...exampleColumns(nameOf(repo), report),
    String(t.accepted),
    String(t.selected),
    percent(t.mutationScore, t.mutantsKilled, t.mutants),
    percent(suiteShare, suite?.mutantsKilled, suite?.mutants),
    suiteShare && t.mutationScore !== null ? (t.mutationScore / suiteShare).toFixed(2) : 'n/a',
    suite ? `${suite.files}: ${(suite.runMs / 1000).toFixed(0)}` : 'n/a',
    deps?.status === 'installed' ? (deps.installMs / 1000).toFixed(0) : (deps?.status ?? 'n/a'),
    wall,
    check === null
      ? 'none'
      : check.status === 'skipped'
        ? `skipped: ${check.reason}`
        : `${check.failed.length === 0 ? 'passed' : 'FAILED'} ${check.passed}/${check.passed + check.failed.length}`,
  ];
}

main();
