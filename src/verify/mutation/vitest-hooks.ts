// What Attest adds to every test of a vitest run, in the worker that runs it: the mutant
// switch's probes (as the Jest environment gives them), the mutants each test reaches, its
// assertion count, and whether it asked the switch. Loaded natively (not through vite) by the
// setup file the driver writes, so nothing here is transformed or mocked by the test's tooling.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { MutantSwitch } from './mutant-switch';
import {
  switchGlobal,
  VITEST_ACTIVE,
  VITEST_HOOKS_VARIABLE,
  VITEST_META,
  type SealedMutant,
  type VitestHookSettings,
  type VitestTestRecord,
} from './protocol';

/** The part of a vitest task the hooks read: its name, its suites' names, its meta, its errors. */
interface Task {
  name: string;
  suite?: Task;
  meta: Record<string, unknown>;
  result?: { errors?: { message?: string }[] };
}

/** The part of vitest's API the hooks use, handed over by the setup file. */
export interface VitestApi {
  beforeEach(fn: () => void): void;
  afterEach(fn: (context: { task: Task }) => void): void;
  expect: { getState(): { assertionCalls: number; testPath?: string } };
  inject(key: string): unknown;
}

/** `describe > test`, as vitest's reporter names the test. */
export function taskName(task: Task): string {
  const names: string[] = [];
  for (let t: Task | undefined = task; t; t = t.suite) if (t.name) names.unshift(t.name);
  return names.join(' > ');
}

/** The signature of one test's record: its file, its name and what was measured. */
export function signRecord(key: Buffer, file: string, name: string, payload: string): string {
  return createHmac('sha256', key).update(`${file}\n${name}\n${payload}`).digest('hex');
}

/** A run's mutant as the hooks read it: which (0: none), and whether it is on from the load. */
export interface RunMutant {
  id: number;
  fromLoad: boolean;
}

/** The run's mutant, sealed by the driver for the hooks alone. */
export function sealMutant(key: Buffer, active: number, fromLoad = false): SealedMutant {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const text = fromLoad ? `${active}:load` : String(active);
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('hex'),
    data: data.toString('hex'),
    tag: cipher.getAuthTag().toString('hex'),
  };
}

const NO_MUTANT: RunMutant = { id: 0, fromLoad: false };

/** The run's mutant, if the driver sealed it under this key; none otherwise. */
export function openMutant(key: Buffer, sealed: unknown): RunMutant {
  const s = sealed as Partial<SealedMutant> | undefined;
  if (!s || typeof s.iv !== 'string' || typeof s.data !== 'string' || typeof s.tag !== 'string')
    return NO_MUTANT;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'hex'));
    decipher.setAuthTag(Buffer.from(s.tag, 'hex'));
    const text = Buffer.concat([decipher.update(Buffer.from(s.data, 'hex')), decipher.final()]);
    const [id, load] = text.toString('utf8').split(':');
    return { id: Number(id) || 0, fromLoad: load === 'load' };
  } catch {
    return NO_MUTANT;
  }
}

/** Per code file, each istanbul counter of this worker that has counted since the last call. */
function newStatements(variable: string): () => Record<string, string[]> {
  const seen = new Map<string, Set<string>>();
  return () => {
    const counters = Reflect.get(globalThis, variable) as
      Record<string, { s?: Record<string, number> }> | undefined;
    const found: Record<string, string[]> = {};
    for (const [file, data] of Object.entries(counters ?? {})) {
      const known = seen.get(file) ?? new Set<string>();
      seen.set(file, known);
      const fresh = Object.entries(data.s ?? {}).flatMap(([id, n]) =>
        n > 0 && !known.has(id) ? [id] : [],
      );
      for (const id of fresh) known.add(id);
      if (fresh.length) found[file] = fresh;
    }
    return found;
  };
}

/**
 * Installs the switch and the per-test hooks; the settings variable is gone before any test
 * loads. This runs before the test file loads (vitest runs setup files first, in each file's
 * own worker): what the code reaches until the first test starts is the file's load. A static
 * mutant is on from here, with no deadline (the load includes vite's transforms, which no
 * mutant slows), so that what the file builds at load is built mutated; the loop limit holds.
 */
export function install(api: VitestApi): void {
  const settings = JSON.parse(process.env[VITEST_HOOKS_VARIABLE] ?? '{}') as VitestHookSettings;
  delete process.env[VITEST_HOOKS_VARIABLE];
  const code = new Set(settings.code ?? []);
  const key = Buffer.from(settings.key ?? '', 'hex');
  const { id: active, fromLoad } =
    key.length === 32 ? openMutant(key, api.inject(VITEST_ACTIVE)) : NO_MUTANT;
  const sw = new MutantSwitch((f) => f !== undefined && code.has(f));
  if (active && fromLoad) sw.on(active, 0);
  let loaded: number[] | undefined;
  const executed = settings.coverageVariable ? newStatements(settings.coverageVariable) : null;
  Object.defineProperty(globalThis, switchGlobal(settings.nonce ?? ''), {
    value: sw.probes,
    enumerable: false,
    writable: false,
    configurable: false,
  });
  api.beforeEach(() => {
    loaded ??= sw.reachedIds();
    sw.startReaching();
    sw.takeSubjectError();
    if (active) sw.on(active, settings.timeoutMs);
  });
  api.afterEach(({ task }) => {
    // A static mutant stays on between tests: the code it changed is changed for the file's life.
    if (fromLoad) sw.on(active, 0);
    else sw.off();
    const record: VitestTestRecord = {
      covered: sw.reachedIds(),
      assertions: api.expect.getState().assertionCalls,
      asked: sw.takeAsked(),
      ...(failedInSubject(task, sw.takeSubjectError()) ? { failedInSubject: true } : {}),
      ...(loaded?.length ? { loaded } : {}),
      ...(executed ? { statements: executed() } : {}),
    };
    loaded = [];
    const payload = JSON.stringify(record);
    const file = api.expect.getState().testPath ?? '';
    task.meta[VITEST_META] = { payload, mac: signRecord(key, file, taskName(task), payload) };
  });
}

/**
 * Whether the test failed with the error an assertion's subject threw: vitest has already
 * recorded the failure, as a copy, when afterEach runs, so the two are matched by message.
 */
function failedInSubject(task: Task, thrown: { error: unknown } | null): boolean {
  const failure = task.result?.errors?.[0];
  if (!thrown || !failure) return false;
  const error = thrown.error as { message?: unknown } | null;
  return typeof error?.message === 'string' && failure.message === error.message;
}
