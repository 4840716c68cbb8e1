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
  VITEST_ACTIVE,
  VITEST_HOOKS_VARIABLE,
  VITEST_META,
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
  moduleErrors = new Map<string, string>();

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
    if (errors.length) this.moduleErrors.set(module.moduleId, errorText(errors));
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

/** Runs the files with mutant `active` on (0: none), only the named tests when given. */
async function runOnce(
  vitest: Vitest,
  collector: Collector,
  specs: Specification[],
  active: number,
  only?: string[],
): Promise<CaseResult[]> {
  vitest.provide(VITEST_ACTIVE, sealMutant(KEY, active));
  collector.cases = [];
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
    if (settings.mutation) await tryMutants(vitest, collector, specs, dry);
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
    coverage: null,
    testResults: [...byFile].map(([file, own]) => {
      // A test file of vitest's that reported nothing had no worker to run it (the run's own
      // error says why) or broke the report itself (its results could not reach vitest's main
      // process); a file vitest does not count a test has none.
      const loadError =
        moduleErrors.get(file) ??
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

/** Each mutant the dry run reached, on the tests that reached it, one run per mutant. */
async function tryMutants(
  vitest: Vitest,
  collector: Collector,
  specs: Specification[],
  dry: CaseResult[],
): Promise<void> {
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
      if (!under || under.state === 'skipped' || under.state === 'pending') continue;
      const record = measured(under);
      if (record?.asked) send({ kind: 'asked', file: test.file, test: test.name });
      if (under.state === 'passed') {
        send({
          kind: 'outcome',
          file: test.file,
          test: test.name,
          mutant: id,
          outcome: 'survived',
        });
        continue;
      }
      if (record && !record.covered.includes(id)) {
        send({ kind: 'impossible', file: test.file, test: test.name, mutant: id });
        continue;
      }
      const outcome = failureOutcome(under.errors[0] ?? {});
      send({ kind: 'outcome', file: test.file, test: test.name, mutant: id, outcome });
    }
  }
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
