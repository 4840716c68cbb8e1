import {
  existsSync,
  promises as fs,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MutantOutcome, StatementCoverage } from '../core/mutant';
import { attestRoot } from './attest-root';
import { dependencyTree, isolatedCommand } from './isolation';
import { PATHS_RESOLVER } from './tsconfig';
import { parseMutantRecord, VARIABLES, type CountsRecord } from './mutation/protocol';
import { ProcessRunner, runnerEnvironment, type RunResult } from './process-runner';
import { TestMap } from '../core/test-map';

/** One test's outcome in one Jest run. */
export interface TestOutcome {
  /** Relative to the workspace. */
  file: string;
  /** Describe path and title, joined by ' > '. */
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  failure: string | null;
  /** Assertions made by the time the test's function settled. */
  assertions: number;
  durationMs: number;
}

/** For a mutation run: per test, the mutants its run reached and what each did. */
export type MutationResults = TestMap<TestMutation>;

/** One test's mutation result: the mutants its run reached, and what each did. */
export interface TestMutation {
  covered: number[];
  outcomes: Map<number, MutantOutcome>;
  /**
   * Set when the test failed its second run in one process with no mutant on, which says
   * why: it counts on state its first run left, so its replays were not tried.
   */
  unrepeatable?: string;
}

/** A Jest run: each test's outcome, and the files that could not run at all (an import or syntax error). */
export type JestRun =
  | {
      status: 'ran';
      tests: TestOutcome[];
      fileErrors: { file: string; message: string }[];
      mutation: MutationResults;
      /** For a mutation run: per test file, the mutants that loading it reached before its tests ran. */
      loaded: Map<string, number[]>;
      /** Set when the run was asked for coverage. */
      coverage?: StatementCoverage;
      durationMs: number;
    }
  | { status: 'timed-out'; durationMs: number }
  | { status: 'crashed'; message: string; durationMs: number };

export interface MutationRunOptions {
  /** The most time a mutant gets; it gets less when the test itself is quick. */
  perMutantTimeoutMs: number;
  /** Multiplies each mutant's time, to re-check a timeout on a slow machine (default 1). */
  slowdown?: number;
  /** Set: switch on only these mutants. */
  only?: number[];
  /**
   * Set: the files are the runner's wrappers that load a test file afresh under each of its
   * static mutants (tryStaticMutants); their outcomes are recorded for the wrapped file.
   */
  static?: true;
}

export interface JestRunOptions {
  /** Test files relative to the workspace. */
  files: string[];
  workspace: string;
  /** Jest's cache: shared by the runs of one workspace when given (RunnerWorkspace.jestCache). */
  cacheDirectory?: string;
  timeoutMs: number;
  testTimeoutMs: number;
  /** Set: run the tests in a random order from this seed. */
  seed?: number;
  /** Seeds the tests' Math.random, so that a run repeats exactly. */
  randomSeed?: number;
  /** Heap cap of the Jest process, in MB. */
  memoryMb: number;
  /**
   * The tests' HOME and TMPDIR, when runs must share them (the pass and stable runs, so that
   * a file one run leaves is there for the next, as on a developer's machine); else a fresh
   * folder per run. Never the user's own.
   */
  home?: string;
  /** Set: switch on, one by one, every instrumented mutant each test reaches. */
  mutation?: MutationRunOptions;
  /**
   * Set: record which statements of the repository's code the run executed (V8 coverage), in
   * every file the tests load, or only in these (converting V8's counts costs time per file).
   */
  coverage?: boolean | string[];
}

/**
 * Attest's Jest environment, resolved from Attest's own install: the compiled file beside this
 * one, or, when Attest runs from its TypeScript sources (its own tests), the source, which
 * Jest transpiles with the run's transform.
 */
const ENVIRONMENT = path.join(__dirname, 'mutation', `jest-environment${path.extname(__filename)}`);

/** vitest's API on Jest's globals (runtime/vitest-on-jest.js), for tests written for vitest. */
const VITEST_ON_JEST = path.join(attestRoot(), 'runtime', 'vitest-on-jest.js');

/** node:test's API on Jest's globals, for tests written for `node --test`. */
const NODE_TEST_ON_JEST = path.join(attestRoot(), 'runtime', 'node-test-on-jest.js');

/** mocha's globals that Jest lacks (before, after), and chai's assertions counted. */
const MOCHA_SETUP = path.join(attestRoot(), 'runtime', 'mocha-globals.js');
const CHAI_COUNT = path.join(attestRoot(), 'runtime', 'chai-count.js');

interface JestJson {
  testResults: {
    name: string;
    status: string;
    message: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages: string[];
      duration?: number | null;
    }[];
  }[];
}

/**
 * Runs test files with Attest's own Jest and an swc transform, in a child process, so that a
 * repository needs no Jest of its own, and a test that loops or crashes cannot harm the runner.
 */
export async function runJest(
  options: JestRunOptions,
  runner = new ProcessRunner(),
): Promise<JestRun> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-jest-'));
  try {
    const counts = path.join(scratch, 'counts');
    await fs.mkdir(counts);
    // A sandboxed run can write only into folders that exist when it starts.
    for (const dir of [options.cacheDirectory, options.home])
      if (dir) await fs.mkdir(dir, { recursive: true });
    const configFile = path.join(scratch, 'jest.config.json');
    await fs.writeFile(configFile, JSON.stringify(jestConfig(options, scratch)));
    const output = path.join(scratch, 'results.json');
    const args = [
      `--max-old-space-size=${options.memoryMb}`,
      require.resolve('jest/bin/jest'),
      '--config',
      configFile,
      '--json',
      '--outputFile',
      output,
      '--ci',
      '--runInBand',
      '--watchman=false',
      ...(options.seed !== undefined ? ['--randomize', '--seed', String(options.seed)] : []),
      '--runTestsByPath',
      ...options.files.map((f) => path.join(options.workspace, f)),
    ];
    const mutantsFile = path.join(scratch, 'mutants.jsonl');
    const mutation = mutationEnvironment(options.mutation, mutantsFile);
    const env = runnerEnvironment(process.env, {
      HOME: options.home ?? scratch,
      TMPDIR: options.home ?? scratch,
      [VARIABLES.countsDir]: counts,
      [VARIABLES.randomSeed]: String(options.randomSeed ?? options.seed ?? 0),
      ...mutation,
    });
    const isolated = isolatedCommand(process.execPath, args, {
      writable: [
        scratch,
        options.workspace,
        ...(options.cacheDirectory ? [options.cacheDirectory] : []),
        ...(options.home ? [options.home] : []),
      ],
      readable: dependencyTree(options.workspace),
    });
    const result = await runner.run({
      command: isolated.command,
      args: isolated.args,
      cwd: options.workspace,
      env,
      timeoutMs: options.timeoutMs,
    });
    const run = await readRun(result, output, counts, options.workspace);
    if (run.status === 'ran' && options.mutation)
      Object.assign(run, await readMutation(mutantsFile, options.workspace));
    if (run.status === 'ran' && options.coverage)
      run.coverage = await readCoverage(path.join(scratch, 'coverage'), options.workspace);
    return run;
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/** What tells Attest's Jest environment to switch mutants, and where it records what they did. */
function mutationEnvironment(
  mutation: MutationRunOptions | undefined,
  recordsFile: string,
): Record<string, string> {
  if (!mutation) return {};
  if (mutation.static) return { [VARIABLES.staticFile]: recordsFile };
  return {
    [VARIABLES.mutantsFile]: recordsFile,
    [VARIABLES.mutantTimeoutMs]: String(mutation.perMutantTimeoutMs),
    [VARIABLES.slowdown]: String(mutation.slowdown ?? 1),
    ...(mutation.only ? { [VARIABLES.only]: mutation.only.join(',') } : {}),
  };
}

function jestConfig(options: JestRunOptions, scratch: string): Record<string, unknown> {
  return {
    rootDir: options.workspace,
    roots: [options.workspace],
    testEnvironment: ENVIRONMENT,
    // Tests written for mocha run here too: its global names, and chai's assertions counted.
    setupFilesAfterEnv: [MOCHA_SETUP, CHAI_COUNT],
    // Any file given is a test; with coverage, only those, since Jest never covers a file that
    // its testRegex matches.
    testRegex: options.coverage
      ? options.files.map((f) => `${escapeRegExp(path.join(options.workspace, f))}$`)
      : '.*',
    testPathIgnorePatterns: ['/node_modules/'],
    // Jest loads node_modules as CommonJS; an ES-module-only dependency is transformed too.
    transformIgnorePatterns: [transformIgnorePattern(options.workspace)],
    transform: {
      '^.+\\.[cm]?[tj]sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: { parser: { syntax: 'typescript', tsx: true, decorators: true }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    // tsconfig `paths`, read from the config nearest to the importing file (a monorepo's
    // packages each keep their own).
    resolver: PATHS_RESOLVER,
    moduleFileExtensions: ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'json', 'node'],
    moduleNameMapper: {
      // A repository written for vitest runs under this Jest: 'vitest' is its API on Jest's.
      '^vitest$': VITEST_ON_JEST,
      '^node:test$': NODE_TEST_ON_JEST,
      // TypeScript written for ES modules imports `./x.js` where the file is `x.ts`; the
      // compiler resolves that, Jest does not. Without the extension, Jest tries .ts first
      // and still finds a real x.js.
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    // Given, it is shared by the runs in one workspace (pass, stable, mutation), so that each
    // does not transform the repository anew; else it goes with this run's scratch folder.
    cacheDirectory: options.cacheDirectory ?? path.join(scratch, 'cache'),
    ...(options.coverage
      ? {
          collectCoverage: true,
          ...(Array.isArray(options.coverage)
            ? { collectCoverageFrom: options.coverage.map((f) => escapeGlob(f)) }
            : {}),
          coverageProvider: 'v8',
          coverageReporters: ['json'],
          coverageDirectory: path.join(scratch, 'coverage'),
        }
      : {}),
    testTimeout: options.testTimeoutMs,
    injectGlobals: true,
  };
}

/**
 * node_modules is not transformed, but for the packages there that are ES modules
 * (`"type": "module"`), which Jest could not load otherwise; in npm's layout and in pnpm's
 * (`node_modules/.pnpm/<id>/node_modules/<name>`).
 */
function transformIgnorePattern(workspace: string): string {
  const esm = esmPackages(path.join(workspace, 'node_modules'));
  // An .mjs file is an ES module whatever its package says.
  const mjs = '(?!.*\\.mjs$)';
  if (esm.length === 0) return `/node_modules/${mjs}`;
  const names = esm.map(escapeRegExp).join('|');
  return `/node_modules/(?!(?:\\.pnpm/[^/]+/node_modules/)?(?:${names})/)${mjs}`;
}

/**
 * The ES module packages of each installed node_modules, by its real path and the time it last
 * changed: every run of a verification links the same install, so it is read once, not once
 * per Jest run, and a package added since is seen.
 */
const esmByInstall = new Map<string, string[]>();

function esmPackages(modules: string): string[] {
  let key: string;
  let real: string;
  try {
    real = realpathSync(modules);
    key = `${real}@${statSync(real).mtimeMs}`;
  } catch {
    return [];
  }
  let found = esmByInstall.get(key);
  if (!found) esmByInstall.set(key, (found = scanEsmPackages(real)));
  return found;
}

/**
 * The packages of a node_modules folder whose package.json says `"type": "module"`: its
 * top-level ones, and under pnpm every package of its store (`.pnpm/<id>/node_modules/<name>`),
 * where the dependencies of dependencies and of workspace packages are.
 */
function scanEsmPackages(modules: string): string[] {
  const store = path.join(modules, '.pnpm');
  const stored = safeReaddir(store).flatMap((id) =>
    id === 'node_modules' ? [] : packagesIn(path.join(store, id, 'node_modules')),
  );
  return [...new Set([...packagesIn(modules), ...stored])];
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The ES-module packages directly inside one node_modules folder, by name. */
function packagesIn(modules: string): string[] {
  const entries = safeReaddir(modules);
  const names = entries.flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    if (!entry.startsWith('@')) return [entry];
    return safeReaddir(path.join(modules, entry)).map((inner) => `${entry}/${inner}`);
  });
  return names.filter((name) => {
    try {
      const pkg = JSON.parse(readFileSync(path.join(modules, name, 'package.json'), 'utf8')) as {
        type?: unknown;
      };
      return pkg.type === 'module';
    } catch {
      return false;
    }
  });
}

async function readRun(
  result: RunResult,
  output: string,
  countsDir: string,
  workspace: string,
): Promise<JestRun> {
  if (result.status === 'timed-out') return { status: 'timed-out', durationMs: result.durationMs };
  const abnormal = abnormalEnd(result, existsSync(output));
  if (abnormal) return { status: 'crashed', message: abnormal, durationMs: result.durationMs };
  const json = JSON.parse(await fs.readFile(output, 'utf8')) as JestJson;
  const counts = await readCounts(countsDir);
  const tests: TestOutcome[] = [];
  const fileErrors: { file: string; message: string }[] = [];
  for (const suite of json.testResults) {
    const file = path.relative(workspace, suite.name).split(path.sep).join('/');
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      fileErrors.push({ file, message: firstMeaningfulLines(suite.message) });
      continue;
    }
    for (const t of suite.assertionResults) {
      const name = [...t.ancestorTitles, t.title].join(' > ');
      tests.push({
        file,
        name,
        status: t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped',
        failure: t.failureMessages.length
          ? firstMeaningfulLines(t.failureMessages.join('\n'))
          : null,
        assertions: counts.get({ file: suite.name, name }) ?? 0,
        durationMs: t.duration ?? 0,
      });
    }
  }
  return {
    status: 'ran',
    tests,
    fileErrors,
    mutation: new TestMap(),
    loaded: new Map(),
    durationMs: result.durationMs,
  };
}

async function readMutation(
  file: string,
  workspace: string,
): Promise<{ mutation: MutationResults; loaded: Map<string, number[]> }> {
  const mutation: MutationResults = new TestMap();
  const loaded = new Map<string, number[]>();
  if (!existsSync(file)) return { mutation, loaded };
  const lines = (await fs.readFile(file, 'utf8')).split('\n').filter(Boolean);
  for (const record of lines.map(parseMutantRecord)) {
    const testFile = path.relative(workspace, record.file).split(path.sep).join('/');
    if (record.kind === 'load') {
      loaded.set(testFile, record.covered);
      continue;
    }
    const entry = mutation.upsert({ file: testFile, name: record.test }, () => ({
      covered: [],
      outcomes: new Map<number, MutantOutcome>(),
    }));
    if (record.kind === 'covered') entry.covered = record.covered;
    else if (record.kind === 'unrepeatable') entry.unrepeatable = record.reason;
    else entry.outcomes.set(record.mutant, record.outcome);
  }
  return { mutation, loaded };
}

function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!+@]/g, '\\$&');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Istanbul's coverage-final.json, as Jest writes it from V8's counts. */
type IstanbulCoverage = Record<
  string,
  { statementMap: Record<string, { start: { line: number } }>; s: Record<string, number> }
>;

async function readCoverage(dir: string, workspace: string): Promise<StatementCoverage> {
  const coverage: StatementCoverage = new Map();
  const file = path.join(dir, 'coverage-final.json');
  if (!existsSync(file)) return coverage;
  const data = JSON.parse(await fs.readFile(file, 'utf8')) as IstanbulCoverage;
  for (const [absolute, entry] of Object.entries(data)) {
    const relative = path.relative(workspace, absolute).split(path.sep).join('/');
    if (relative.startsWith('..')) continue;
    coverage.set(
      relative,
      Object.entries(entry.statementMap).map(([id, statement]) => ({
        line: statement.start.line,
        covered: (entry.s[id] ?? 0) > 0,
      })),
    );
  }
  return coverage;
}

/** Assertion counts per test, keyed by the test file's absolute path as Jest names it. */
async function readCounts(dir: string): Promise<TestMap<number>> {
  const counts = new TestMap<number>();
  for (const entry of await fs.readdir(dir)) {
    const data = JSON.parse(await fs.readFile(path.join(dir, entry), 'utf8')) as CountsRecord;
    for (const c of data.counts) counts.set({ file: data.testPath, name: c.name }, c.assertions);
  }
  return counts;
}

/** The first lines of a Jest failure, without ANSI colours or the stack. */
export function firstMeaningfulLines(message: string): string {
  return (
    message
      // Jest colours its messages with ANSI escapes (ESC [ … m), which are noise in a reason.
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() && !/^\s+at /.test(l))
      .slice(0, 6)
      .join('\n')
      .trim()
  );
}

/**
 * Why a run that should have written results ended early, in words: the heap cap, a call to
 * process.exit, a signal (a test that killed the process above it), or a plain crash.
 */
function abnormalEnd(
  result: Exclude<RunResult, { status: 'timed-out' }>,
  wroteResults: boolean,
): string | null {
  if (/heap out of memory|Allocation failed/i.test(result.stderr)) {
    return 'it ran out of memory: the test process reached its heap cap.';
  }
  const exit = /process\.exit called with "?([^"\s]*)"?/.exec(result.stderr);
  if (exit) return `it called process.exit(${exit[1] ?? ''}), which ends the test process.`;
  // In the sandbox, bubblewrap reports its child's death by a signal as exit 128 + the signal.
  let signal = result.status === 'signalled' ? result.signal : undefined;
  if (result.status === 'exited' && result.code > 128) {
    const number = result.code - 128;
    signal = Object.entries(os.constants.signals).find(([, n]) => n === number)?.[0];
  }
  if (signal) {
    return `the process that ran it was killed by ${signal}: a test that kills its parent or itself does this.`;
  }
  if (!wroteResults) {
    const tail = firstMeaningfulLines(result.stderr.slice(-4000)).split('\n').slice(-3).join(' ');
    return `Jest wrote no results (exit ${result.status === 'exited' ? result.code : '?'}): ${tail}`;
  }
  return null;
}
