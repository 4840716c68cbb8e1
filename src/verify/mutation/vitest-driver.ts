// The repository's own vitest, driven through its Node API inside the sandbox: the vitest
// counterpart of Attest's Jest run. It runs the test files once with no mutant on (each test's
// outcome, assertions and the mutants it reaches), then each reached mutant on the tests that
// reach it (Stryker's perTest coverage), and sends the same records as the Jest environment and
// reporter over the verdict channel. The hooks in each worker (vitest-hooks.ts) sign what they
// measure; a record whose signature fails is the test's own, and the run says so.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { runtimeFile } from '../attest-root';
import { sealMutant, signRecord } from './vitest-hooks';
import { failureOutcome } from './test-hooks';
import {
  LOAD_ERROR,
  VITEST_ACTIVE,
  VITEST_HOOKS_VARIABLE,
  VITEST_META,
  type IstanbulCoverage,
  type MutantRecord,
  type ResultsRecord,
  type VerdictChannelModule,
  type VitestDriverSettings,
  type VitestHookSettings,
  type VitestTestRecord,
} from './protocol';

/** One test's result as the collector read it from vitest's reporter API. */
interface CaseResult {
  file: string;
  name: string;
  ancestors: string[];
  title: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  errors: { name?: string; message?: string; stack?: string }[];
  durationMs: number;
  record: VitestTestRecord | 'forged' | null;
}

/** The parts of vitest's TestCase, TestModule and Vitest that the driver reads. */
interface TestCase {
  name: string;
  fullName: string;
  module: { moduleId: string };
  parent: { type: string; name?: string; parent?: TestCase['parent'] };
  result(): { state: CaseResult['state']; errors?: CaseResult['errors'] };
  diagnostic(): { duration?: number } | undefined;
  meta(): Record<string, unknown>;
}
interface TestModule {
  moduleId: string;
  errors(): { name?: string; message?: string; stack?: string }[];
}
interface Specification {
  moduleId: string;
}
interface Vitest {
  provide(key: string, value: unknown): void;
  getRootProject(): { createSpecification(moduleId: string): Specification };
  getRelevantTestSpecifications(filters?: string[]): Promise<Specification[]>;
  runTestSpecifications(specs: Specification[], allTestsRun?: boolean): Promise<unknown>;
  setGlobalTestNamePattern(pattern: RegExp): void;
  resetGlobalTestNamePattern(): void;
  close(): Promise<void>;
}
type CreateVitest = (
  mode: 'test',
  options: Record<string, unknown>,
  viteOverrides?: Record<string, unknown>,
) => Promise<Vitest>;

const settings = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as VitestDriverSettings;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const channelModule = require(runtimeFile('verdict-channel')) as VerdictChannelModule;
const channel = channelModule.claim();
channelModule.seal();
/** Known to the driver and, through a variable each worker deletes at once, to the hooks. */
const KEY = randomBytes(32);

/** Collects each test's result and each file's load errors, as vitest reports them. */
class Collector {
  cases: CaseResult[] = [];
  /** The errors of each file that failed outside its tests (its load, its hooks). */
  moduleErrors = new Map<string, CaseResult['errors']>();

  constructor(private readonly key: Buffer) {}

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    const ancestors: string[] = [];
    for (let p = test.parent; p && p.type === 'suite'; p = p.parent!) ancestors.unshift(p.name!);
    const name = [...ancestors, test.name].join(' > ');
    this.cases.push({
      file: test.module.moduleId,
      name,
      ancestors,
      title: test.name,
      state: result.state,
      errors: result.errors ?? [],
      durationMs: test.diagnostic()?.duration ?? 0,
      record: this.verified(test.module.moduleId, name, test.meta()[VITEST_META]),
    });
  }

  /** Errors outside any test or file (a worker that could not start): why a file reported nothing. */
  runErrors: string[] = [];

  onTestRunEnd(_modules: unknown, errors: CaseResult['errors']): void {
    if (errors.length) this.runErrors.push(errorText(errors));
  }

  onTestModuleEnd(module: TestModule): void {
    const errors = module.errors();
    if (errors.length) this.moduleErrors.set(module.moduleId, errors);
  }

  /** A test's record, if the hooks signed it; 'forged' if its signature fails. */
  private verified(file: string, name: string, meta: unknown): CaseResult['record'] {
    if (!meta || typeof meta !== 'object') return null;
    const { payload, mac } = meta as { payload?: unknown; mac?: unknown };
    if (typeof payload !== 'string' || typeof mac !== 'string') return 'forged';
    if (signRecord(this.key, file, name, payload) !== mac) return 'forged';
    return JSON.parse(payload) as VitestTestRecord;
  }
}

function send(record: ResultsRecord | MutantRecord): void {
  channel?.send(record);
}

/**
 * Runs the files with mutant `active` on (0: none) while each test runs, or from the start of
 * each file's load (`fromLoad`); only the named tests when given.
 */
async function runOnce(
  vitest: Vitest,
  collector: Collector,
  specs: Specification[],
  active: number,
  only?: string[],
  fromLoad = false,
): Promise<CaseResult[]> {
  vitest.provide(VITEST_ACTIVE, sealMutant(KEY, active, fromLoad));
  collector.cases = [];
  collector.moduleErrors = new Map();
  if (only) vitest.setGlobalTestNamePattern(exactNames(only));
  else vitest.resetGlobalTestNamePattern();
  await vitest.runTestSpecifications(specs, !only);
  return collector.cases;
}

/** vitest matches a name pattern against a test's suites and title joined by spaces. */
function exactNames(names: string[]): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:${names.map((n) => escape(n.split(' > ').join(' '))).join('|')})$`);
}

/** Errors as vitest serialized them, each by its stack, else its name and message. */
function errorText(errors: CaseResult['errors']): string {
  return errors.map((e) => e.stack ?? `${e.name ?? 'Error'}: ${e.message ?? ''}`).join('\n');
}

/** What the hooks measured of a test, when its record is there and signed. */
function measured(c: CaseResult): VitestTestRecord | null {
  return typeof c.record === 'object' ? c.record : null;
}

async function main(): Promise<void> {
  const { createVitest } = (await import(pathToFileURL(settings.vitestNode).href)) as {
    createVitest: CreateVitest;
  };
  const hooks: VitestHookSettings = {
    key: KEY.toString('hex'),
    nonce: channel?.nonce ?? '',
    code: [...(channel?.code ?? [])],
    timeoutMs: settings.mutation?.perMutantTimeoutMs ?? 0,
    ...(settings.coverage ? { coverageVariable: settings.coverage.variable } : {}),
  };
  // Before the pool starts: vitest 3 gives its workers the environment of that moment.
  process.env[VITEST_HOOKS_VARIABLE] = JSON.stringify(hooks);
  const collector = new Collector(KEY);
  const vitest = await createVitest(
    'test',
    {
      root: settings.root,
      watch: false,
      reporters: [collector],
      pool: 'threads',
      isolate: true,
      testTimeout: settings.testTimeoutMs,
      passWithNoTests: true,
      coverage: { enabled: false },
      ...(settings.seed !== undefined ? { sequence: { shuffle: true, seed: settings.seed } } : {}),
    },
    { cacheDir: settings.cacheDir, logLevel: 'silent' },
  );
  try {
    const projects = (vitest as unknown as { projects: { config: { setupFiles: string[] } }[] })
      .projects;
    // The repository's own setup files run first; Attest's hooks wrap its tests from outside.
    for (const project of projects) project.config.setupFiles.unshift(settings.setupFile);
    const counted = await vitest.getRelevantTestSpecifications(settings.files);
    const own = new Set(counted.map((s) => s.moduleId));
    // A candidate runs wherever it lies, as `npx vitest run <file>` would not: its place is
    // Attest's choice, not the repository's include pattern.
    const root = vitest.getRootProject();
    const specs = settings.everyFile
      ? [
          ...counted,
          ...settings.files
            .filter((f) => !own.has(f) && existsSync(f))
            .map((f) => root.createSpecification(f)),
        ]
      : counted;
    const dry = await runOnce(vitest, collector, specs, 0);
    reportResults(dry, collector, new Set(specs.map((s) => s.moduleId)));
    if (settings.mutation?.firstKill)
      // The suite's mutant runs stop at the first test that fails (vitest's bail, as Stryker
      // sets it); its dry run did not, so that each of its own failures is known.
      for (const project of projects) (project.config as { bail?: number }).bail = 1;
    if (settings.mutation?.static) await tryStaticMutants(vitest, collector, specs, dry);
    else if (settings.mutation) await tryMutants(vitest, collector, specs, dry);
  } finally {
    await vitest.close();
  }
}

/** The run's results, in the record Attest's Jest reporter sends, and each test's measures. */
function reportResults(
  cases: CaseResult[],
  { moduleErrors, runErrors }: Pick<Collector, 'moduleErrors' | 'runErrors'>,
  testFiles: ReadonlySet<string>,
): void {
  const byFile = new Map<string, CaseResult[]>(settings.files.map((f) => [f, []]));
  for (const c of cases) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  send({
    kind: 'results',
    coverage: settings.coverage ? executedStatements(cases, settings.coverage.lines) : null,
    testResults: [...byFile].map(([file, own]) => {
      // A test file of vitest's that reported nothing had no worker to run it (the run's own
      // error says why) or broke the report itself (its results could not reach vitest's main
      // process); a file vitest does not count a test has none.
      const failed = moduleErrors.get(file);
      const loadError =
        (failed && errorText(failed)) ??
        (own.length === 0 && testFiles.has(file)
          ? `vitest reported no result for this file: its tests broke what they report, or no worker could run them${runErrors[0] ? `: ${runErrors[0]}` : '.'}`
          : undefined);
      return {
        name: file,
        status: loadError || own.some((c) => c.state === 'failed') ? 'failed' : 'passed',
        message: loadError ?? (own.length === 0 ? 'vitest ran no test of this file.' : ''),
        assertionResults: own.map((c) => ({
          ancestorTitles: c.ancestors,
          title: c.title,
          status:
            c.record === 'forged' || c.state === 'failed'
              ? 'failed'
              : c.state === 'passed'
                ? 'passed'
                : 'pending',
          failureMessages:
            c.record === 'forged'
              ? ['the test rewrote the record Attest keeps of it, which no honest test does.']
              : c.state === 'failed'
                ? [errorText(c.errors)]
                : [],
          duration: c.durationMs,
        })),
      };
    }),
  });
  for (const [file, own] of byFile)
    send({
      kind: 'counts',
      testPath: file,
      counts: own.map((c) => ({
        name: c.name,
        assertions: measured(c)?.assertions ?? 0,
      })),
    });
}

/** The statements the run executed, in istanbul's shape, from what each test's record says. */
function executedStatements(
  cases: CaseResult[],
  lines: Record<string, Record<string, number>>,
): IstanbulCoverage {
  const executed = new Map<string, Set<string>>();
  for (const c of cases)
    for (const [file, ids] of Object.entries(measured(c)?.statements ?? {})) {
      const set = executed.get(file) ?? new Set<string>();
      for (const id of ids) set.add(id);
      executed.set(file, set);
    }
  return Object.fromEntries(
    Object.entries(lines).map(([file, statements]) => [
      file,
      {
        statementMap: Object.fromEntries(
          Object.entries(statements).map(([id, line]) => [id, { start: { line } }]),
        ),
        s: Object.fromEntries(
          Object.keys(statements).map((id) => [id, executed.get(file)?.has(id) ? 1 : 0]),
        ),
      },
    ]),
  );
}

/** Each mutant the dry run reached, on the tests that reached it, one run per mutant. */
async function tryMutants(
  vitest: Vitest,
  collector: Collector,
  specs: Specification[],
  dry: CaseResult[],
): Promise<void> {
  for (const [file, ids] of loadedByFile(dry)) send({ kind: 'load', file, covered: ids });
  const reached = new Map<number, CaseResult[]>();
  for (const c of dry) {
    const record = measured(c);
    if (c.state !== 'passed' || !record) continue;
    send({ kind: 'covered', file: c.file, test: c.name, covered: record.covered });
    if (record.asked) send({ kind: 'asked', file: c.file, test: c.name });
    for (const id of record.covered) reached.set(id, [...(reached.get(id) ?? []), c]);
  }
  const only = settings.mutation?.only;
  for (const [id, tests] of [...reached].sort((a, b) => a[0] - b[0])) {
    if (only && !only.includes(id)) continue;
    const files = new Set(tests.map((t) => t.file));
    const run = await runOnce(
      vitest,
      collector,
      specs.filter((s) => files.has(s.moduleId)),
      id,
      tests.map((t) => t.name),
    );
    for (const test of tests) {
      const under = run.find((c) => c.file === test.file && c.name === test.name);
      if (under) judge(test, under, id, measured(under)?.covered ?? []);
    }
  }
}

/** Per test file, the mutants that its loading reached, as its first test's record says. */
function loadedByFile(cases: CaseResult[]): Map<string, number[]> {
  const loaded = new Map<string, Set<number>>();
  for (const c of cases) {
    const ids = measured(c)?.loaded;
    if (!ids?.length) continue;
    const set = loaded.get(c.file) ?? new Set<number>();
    for (const id of ids) set.add(id);
    loaded.set(c.file, set);
  }
  return new Map([...loaded].map(([file, set]) => [file, [...set].sort((a, b) => a - b)]));
}

/**
 * The static mutants: each mutant that loading a file reached, on from the start of a fresh
 * load of every file that reached it, with all their tests (what the file built at load is
 * built mutated, and any of its tests may notice). A file that then fails to load is noticed
 * by all its tests, under the name LOAD_ERROR, as Attest's Jest records it.
 */
async function tryStaticMutants(
  vitest: Vitest,
  collector: Collector,
  specs: Specification[],
  dry: CaseResult[],
): Promise<void> {
  const loaded = loadedByFile(dry);
  const passed = dry.filter((c) => c.state === 'passed' && measured(c));
  const ids = new Set([...loaded.values()].flat());
  const only = settings.mutation?.only;
  for (const id of [...ids].sort((a, b) => a - b)) {
    if (only && !only.includes(id)) continue;
    const files = new Set([...loaded].flatMap(([file, of]) => (of.includes(id) ? [file] : [])));
    const run = await runOnce(
      vitest,
      collector,
      specs.filter((s) => files.has(s.moduleId)),
      id,
      undefined,
      true,
    );
    const reloaded = loadedByFile(run);
    for (const file of files) {
      const broke = collector.moduleErrors.get(file)?.[0];
      if (broke && !run.some((c) => c.file === file)) {
        send({
          kind: 'outcome',
          file,
          test: LOAD_ERROR,
          mutant: id,
          outcome: failureOutcome(broke),
        });
        continue;
      }
      const atLoad = reloaded.get(file) ?? [];
      for (const test of passed.filter((t) => t.file === file)) {
        const under = run.find((c) => c.file === file && c.name === test.name);
        if (under) judge(test, under, id, [...atLoad, ...(measured(under)?.covered ?? [])]);
      }
    }
  }
}

/**
 * What a test that passed with no mutant did with mutant `id` on: it survived, the test
 * noticed it, or the test failed without the run reaching it (`reached`), which only a test
 * that noticed the switch rather than the change can.
 */
function judge(test: CaseResult, under: CaseResult, id: number, reached: number[]): void {
  if (under.state === 'skipped' || under.state === 'pending') return;
  const record = measured(under);
  if (record?.asked) send({ kind: 'asked', file: test.file, test: test.name });
  if (under.state === 'passed') {
    send({ kind: 'outcome', file: test.file, test: test.name, mutant: id, outcome: 'survived' });
    return;
  }
  if (record && !reached.includes(id)) {
    send({ kind: 'impossible', file: test.file, test: test.name, mutant: id });
    return;
  }
  const outcome = failureOutcome(under.errors[0] ?? {}, record?.failedInSubject === true);
  send({ kind: 'outcome', file: test.file, test: test.name, mutant: id, outcome });
}

main().then(
  () => process.exit(0),
  (error: Error & { permission?: string; resource?: string }) => {
    // The permission model's refusals name what was refused: say it on the first line.
    const refused = error.resource ? ` (${error.permission ?? 'access'}: ${error.resource})` : '';
    process.stderr.write(
      `attest: vitest could not run: ${error.message}${refused}\n${error.stack ?? ''}\n`,
    );
    process.exit(1);
  },
);
