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

/** The part of a vitest task the hooks read: its name, its suites' names, its meta. */
interface Task {
  name: string;
  suite?: Task;
  meta: Record<string, unknown>;
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

/** The run's mutant, sealed by the driver for the hooks alone. */
export function sealMutant(key: Buffer, active: number): SealedMutant {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(String(active), 'utf8'), cipher.final()]);
  return {
    iv: iv.toString('hex'),
    data: data.toString('hex'),
    tag: cipher.getAuthTag().toString('hex'),
  };
}

/** The run's mutant, if the driver sealed it under this key; 0 (none) otherwise. */
export function openMutant(key: Buffer, sealed: unknown): number {
  const s = sealed as Partial<SealedMutant> | undefined;
  if (!s || typeof s.iv !== 'string' || typeof s.data !== 'string' || typeof s.tag !== 'string')
    return 0;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'hex'));
    decipher.setAuthTag(Buffer.from(s.tag, 'hex'));
    const text = Buffer.concat([decipher.update(Buffer.from(s.data, 'hex')), decipher.final()]);
    return Number(text.toString('utf8')) || 0;
  } catch {
    return 0;
  }
}

/** Installs the switch and the per-test hooks; the settings variable is gone before any test loads. */
export function install(api: VitestApi): void {
  const settings = JSON.parse(process.env[VITEST_HOOKS_VARIABLE] ?? '{}') as VitestHookSettings;
  delete process.env[VITEST_HOOKS_VARIABLE];
  const code = new Set(settings.code ?? []);
  const key = Buffer.from(settings.key ?? '', 'hex');
  const active = key.length === 32 ? openMutant(key, api.inject(VITEST_ACTIVE)) : 0;
  const sw = new MutantSwitch((f) => f !== undefined && code.has(f));
  Object.defineProperty(globalThis, switchGlobal(settings.nonce ?? ''), {
    value: sw.probes,
    enumerable: false,
    writable: false,
    configurable: false,
  });
  api.beforeEach(() => {
    sw.startReaching();
    if (active) sw.on(active, settings.timeoutMs);
  });
  api.afterEach(({ task }) => {
    sw.off();
    const record: VitestTestRecord = {
      covered: sw.reachedIds(),
      assertions: api.expect.getState().assertionCalls,
      asked: sw.takeAsked(),
    };
    const payload = JSON.stringify(record);
    const file = api.expect.getState().testPath ?? '';
    task.meta[VITEST_META] = { payload, mac: signRecord(key, file, taskName(task), payload) };
  });
}
