import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { tempDir } from './temp-dir';

export const BIN = path.join(__dirname, '..', '..', 'bin', 'attest.js');

/**
 * Runs the real `attest` bin in a child process without blocking this one, so that a server
 * the test started here (a stand-in model endpoint) can answer it.
 */
export function runAttest(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One verdict as `attest verify --json` prints it. */
export interface JsonVerdict {
  file: string;
  name: string;
  status: string;
  gate: string | null;
  reasons: string[];
  assertionCount: number;
  killedMutants: {
    file: string;
    line: number;
    mutator: string;
    replacement: string;
    by: string;
  }[];
  durationMs: number;
}

/** Runs `attest verify . <files> --json` in `cwd` through the real bin, with its own data folder. */
export function verifyJson(
  cwd: string,
  files: string[],
  extra: string[] = [],
  env: Record<string, string> = {},
): JsonVerdict[] {
  const data = tempDir();
  try {
    const result = spawnSync(process.execPath, [BIN, 'verify', '.', ...files, '--json', ...extra], {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        ATTEST_DATA_DIR: data.path,
        ...env,
      },
      timeout: 300_000,
    });
    if (result.status !== 0)
      throw new Error(`attest verify exited ${result.status}: ${result.stderr.slice(-2000)}`);
    return JSON.parse(result.stdout) as JsonVerdict[];
  } finally {
    data.dispose();
  }
}

/** Prices of the stand-in models the tests configure, per million tokens. */
const STAND_IN_PRICES: Record<string, { inputUsdPer1M: number; outputUsdPer1M: number }> = {
  cheap: { inputUsdPer1M: 0.5, outputUsdPer1M: 1.5 },
  strong: { inputUsdPer1M: 5, outputUsdPer1M: 15 },
};

/**
 * `attest run <repo> --json` with the named stand-in models (cheap, strong) at `baseURL`, a
 * local OpenAI-compatible server: fails on a non-zero exit, and returns the job's report.
 */
export async function runWithModels(
  repo: string,
  baseURL: string,
  dataDir: string,
  names: string[],
  args: string[] = [],
): Promise<Report> {
  const models = path.join(dataDir, `models-${names.join('-')}.json`);
  writeFileSync(
    models,
    JSON.stringify(names.map((name) => ({ name, model: name, baseURL, ...STAND_IN_PRICES[name] }))),
  );
  const result = await runAttest(['run', repo, '--json', '--models', models, ...args], {
    ATTEST_DATA_DIR: dataDir,
  });
  if (result.code !== 0)
    throw new Error(`attest run exited ${result.code}: ${result.stderr.slice(-2000)}`);
  const summary = JSON.parse(result.stdout) as { reportJson: string };
  return JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
}

/** The kills by a failed assertion credited to the test named `name`, by mutator. */
function killsByAssertion(verdicts: JsonVerdict[], name: string): string[] {
  const verdict = verdicts.find((v) => v.name === name);
  if (!verdict) throw new Error(`no verdict for ${name}`);
  return verdict.killedMutants.filter((k) => k.by === 'assertion').map((k) => k.mutator);
}

/**
 * What examples/billing's good tests must be credited with, whichever runner ran them: kills by
 * assertion for a spy on a collaborator, for fake time (the retry waits a minute of it: the
 * mutant that shortens it is killed, not timed out), for a rejected promise, for the exact
 * text of a thin wrapper (whose one mutant empties it), and for the assertion on a call that a
 * mutant made throw (`quantity <= 0`).
 */
export function billingKillsByAssertion(verdicts: JsonVerdict[]): {
  spy: number;
  fakeTime: string[];
  rejection: number;
  wrapper: string[];
  thrownInSubject: string[];
} {
  return {
    spy: killsByAssertion(verdicts, 'SubscriptionService > stores the renewal and tells the owner')
      .length,
    fakeTime: killsByAssertion(
      verdicts,
      'timing > retry waits longer before each try and resolves with the first success',
    ),
    rejection: killsByAssertion(
      verdicts,
      'getJson > rejects with the status of an answer that is not 2xx',
    ).length,
    wrapper: killsByAssertion(
      verdicts,
      'invoice > formatPrice prints dollars with a thousands separator and two decimals',
    ),
    thrownInSubject: verdicts
      .find((v) => v.name === 'invoice > subtotal adds nothing for a line of quantity zero')!
      .killedMutants.filter((k) => k.by === 'assertion')
      .map((k) => k.replacement),
  };
}
