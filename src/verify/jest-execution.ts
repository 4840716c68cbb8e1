import escapeStringRegexp from 'escape-string-regexp';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MutantOutcome, StatementCoverage } from '../core/mutant';
import { attestRoot } from './attest-root';
import { containCommand, dependencyTree, isolation } from './isolation';
import { nodeGuards } from './node-permissions';
import { PATHS_RESOLVER } from './tsconfig';
import { parseMutantRecord, VARIABLES, type MutantRecord } from './mutation/protocol';
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
   * The mutants under which the test failed although that run never reached their code: the
   * test noticed the switch, not the mutant. Any rejects it.
   */
  impossible?: number[];
  /** Set when the test asked the mutant switch which mutant was on (only the code may). */
  asked?: true;
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
  /** The nonce in the name of the switch's global in the instrumented copy (switchGlobal). */
  nonce: string;
  /** The instrumented files, relative to the workspace: the only code the switch answers. */
  code: string[];
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

/** Attest's reporter, which sends the results over the verdict channel. */
const VERDICT_REPORTER = path.join(attestRoot(), 'runtime', 'verdict-reporter.js');

/** What runtime/verdict-reporter.js sends: Jest's results per file, and the coverage. */
interface ResultsRecord {
  kind: 'results';
  coverage: IstanbulCoverage | null;
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
 * Every result comes back over the verdict channel, signed with a key made for this run; the
 * runner reads nothing that the run wrote to disk.
 */
export async function runJest(
  options: JestRunOptions,
  runner = new ProcessRunner(),
): Promise<JestRun> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-jest-'));
  try {
    // A sandboxed run can write only into folders that exist when it starts.
    for (const dir of [options.cacheDirectory, options.home])
      if (dir) await fs.mkdir(dir, { recursive: true });
    const configFile = path.join(scratch, 'jest.config.json');
    await fs.writeFile(configFile, JSON.stringify(jestConfig(options, scratch)));
    const paths = {
      writable: [
        scratch,
        options.workspace,
        ...(options.cacheDirectory ? [options.cacheDirectory] : []),
        ...(options.home ? [options.home] : []),
      ],
      readable: dependencyTree(options.workspace),
    };
    const args = [
      `--max-old-space-size=${options.memoryMb}`,
      // V8 coverage reads the run through the inspector, which the permission model shuts: a
      // coverage run only measures the kept tests for the report, and decides no verdict.
      ...(options.coverage ? [] : nodeGuards(paths)),
      require.resolve('jest/bin/jest'),
      '--config',
      configFile,
      '--ci',
      '--runInBand',
      '--watchman=false',
      ...(options.seed !== undefined ? ['--randomize', '--seed', String(options.seed)] : []),
      '--runTestsByPath',
      ...options.files.map((f) => path.join(options.workspace, f)),
    ];
    const env = runnerEnvironment(process.env, {
      HOME: options.home ?? scratch,
      TMPDIR: options.home ?? scratch,
      [VARIABLES.randomSeed]: String(options.randomSeed ?? options.seed ?? 0),
      ...mutationEnvironment(options.mutation),
    });
    const isolated = await containCommand(process.execPath, args, paths);
    const key = randomBytes(32);
    try {
      const result = await runner.run({
        command: isolated.command,
        args: isolated.args,
        cwd: options.workspace,
        env,
        timeoutMs: options.timeoutMs,
        channel: JSON.stringify({
          key: key.toString('hex'),
          nonce: options.mutation?.nonce ?? '',
          code: instrumentedFiles(options),
        }),
      });
      const exceeded = await isolated.exceeded();
      if (exceeded)
        return { status: 'crashed', message: `the run ${exceeded}`, durationMs: result.durationMs };
      return readRun(result, key, options);
    } finally {
      await isolated.dispose();
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The instrumented files by the paths Jest loads them from: as given and with links resolved,
 * since Jest names a module by its real path.
 */
function instrumentedFiles({ mutation, workspace }: JestRunOptions): string[] {
  const real = realpathSync(workspace);
  return (mutation?.code ?? []).flatMap((f) => [
    ...new Set([path.join(workspace, f), path.join(real, f)]),
  ]);
}

/** What tells Attest's Jest environment to switch mutants, and how. */
function mutationEnvironment(mutation: MutationRunOptions | undefined): Record<string, string> {
  if (!mutation) return {};
  const timeout = { [VARIABLES.mutantTimeoutMs]: String(mutation.perMutantTimeoutMs) };
  if (mutation.static) return { [VARIABLES.mutation]: 'static', ...timeout };
  return {
    [VARIABLES.mutation]: 'switch',
    ...timeout,
    [VARIABLES.slowdown]: String(mutation.slowdown ?? 1),
    ...(mutation.only ? { [VARIABLES.only]: mutation.only.join(',') } : {}),
  };
}

/** A record on the channel that Attest's reporter and environment did not write, in order. */
class ForgedRecord extends Error {}

/**
 * The records of a run's channel, each checked against the run's key and its number: a line
 * that a test wrote to the socket itself, or a record replayed, reordered or dropped, is forged.
 */
function channelRecords(text: string, key: Buffer): Partial<Record<string, unknown>>[] {
  const records: Partial<Record<string, unknown>>[] = [];
  const lines = text.split('\n');
  // The last piece is empty, or a record cut off by the end of the run: never read.
  lines.pop();
  for (const [index, line] of lines.entries()) {
    const match = /^(\d+) ([0-9a-f]{64}) (.*)$/s.exec(line);
    const mac = match && createHmac('sha256', key).update(`${match[1]} ${match[3]}`).digest();
    if (
      !match ||
      Number(match[1]) !== index + 1 ||
      !timingSafeEqual(mac!, Buffer.from(match[2]!, 'hex'))
    )
      throw new ForgedRecord(
        `its run sent the runner a record that Attest's reporter did not write (line ${index + 1} of the verdict channel): a test that writes its own verdict is rejected.`,
      );
    records.push(JSON.parse(match[3]!) as Partial<Record<string, unknown>>);
  }
  return records;
}

function jestConfig(options: JestRunOptions, scratch: string): Record<string, unknown> {
  return {
    rootDir: options.workspace,
    roots: [options.workspace],
    testEnvironment: ENVIRONMENT,
    // The results go over the verdict channel alone: no file that a test could rewrite.
    reporters: [VERDICT_REPORTER],
    // Tests written for mocha run here too: its global names, and chai's assertions counted.
    setupFilesAfterEnv: [MOCHA_SETUP, CHAI_COUNT],
    // Any file given is a test; with coverage, only those, since Jest never covers a file that
    // its testRegex matches.
    testRegex: options.coverage
      ? options.files.map((f) => `${escapeStringRegexp(path.join(options.workspace, f))}$`)
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
          // The coverage reaches the runner with the results, not as a file.
          coverageReporters: [],
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
  const names = esm.map(escapeStringRegexp).join('|');
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

function readRun(result: RunResult, key: Buffer, options: JestRunOptions): JestRun {
  if (result.status === 'timed-out') return { status: 'timed-out', durationMs: result.durationMs };
  let records: Partial<Record<string, unknown>>[];
  try {
    records = channelRecords(result.channel ?? '', key);
  } catch (error) {
    if (!(error instanceof ForgedRecord)) throw error;
    return { status: 'crashed', message: error.message, durationMs: result.durationMs };
  }
  const results = records.find((r): r is Partial<ResultsRecord> => r.kind === 'results');
  const abnormal = abnormalEnd(result, results !== undefined);
  if (abnormal) return { status: 'crashed', message: abnormal, durationMs: result.durationMs };
  const environment = records.filter((r) => r.kind !== 'results').map(parseMutantRecord);
  const counts = new TestMap<number>();
  for (const record of environment)
    if (record.kind === 'counts')
      for (const c of record.counts)
        counts.set({ file: record.testPath, name: c.name }, c.assertions);
  const { workspace } = options;
  const tests: TestOutcome[] = [];
  const fileErrors: { file: string; message: string }[] = [];
  for (const suite of results!.testResults ?? []) {
    const file = relativeTo(workspace, suite.name);
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
    ...mutationResults(environment, workspace),
    ...(options.coverage
      ? { coverage: statementCoverage(results!.coverage ?? null, workspace) }
      : {}),
    durationMs: result.durationMs,
  };
}

const relativeTo = (workspace: string, file: string) =>
  path.relative(workspace, file).split(path.sep).join('/');

/**
 * Per test, the mutants its run reached and what each did, from the environment's records. An
 * outcome for a mutant the test's run never reached is impossible, as the environment's own
 * check of each replay is (see MutantRecord 'impossible').
 */
function mutationResults(
  records: MutantRecord[],
  workspace: string,
): { mutation: MutationResults; loaded: Map<string, number[]> } {
  const mutation: MutationResults = new TestMap();
  const loaded = new Map<string, number[]>();
  for (const record of records) {
    if (record.kind === 'counts') continue;
    const testFile = relativeTo(workspace, record.file);
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
    else if (record.kind === 'impossible') (entry.impossible ??= []).push(record.mutant);
    else if (record.kind === 'asked') entry.asked = true;
    else entry.outcomes.set(record.mutant, record.outcome);
  }
  return { mutation, loaded };
}

function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!+@]/g, '\\$&');
}

/** Istanbul's coverage-final.json, as Jest writes it from V8's counts. */
type IstanbulCoverage = Record<
  string,
  { statementMap: Record<string, { start: { line: number } }>; s: Record<string, number> }
>;

function statementCoverage(data: IstanbulCoverage | null, workspace: string): StatementCoverage {
  const coverage: StatementCoverage = new Map();
  for (const [absolute, entry] of Object.entries(data ?? {})) {
    const relative = relativeTo(workspace, absolute);
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
  if (signal === 'SIGXFSZ') {
    const { fileMb } = isolation().policy;
    return `it wrote a file larger than ${fileMb} MiB, the most a run may write to one file (ATTEST_SANDBOX_FILE_MB).`;
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
