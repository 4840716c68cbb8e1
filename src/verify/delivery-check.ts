import { existsSync, promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OwnReport } from '../core/dialects/dialect';
import { dialectOf, type TestDialect } from '../core/dialects/dialects';
import {
  DEFAULT_LIMITS,
  type DeliveryCheck,
  type DeliveryCheckRequest,
  type RunnerLimits,
  type RunnerSettings,
} from '../core/verification';
import { containCommand, dependencyTree } from './isolation';
import { formatWithOwnTools, lintWithOwnConfig, runnerEntry } from './delivery-format';
import {
  jsonOn,
  mochaOutcomes,
  jsonReportOutcomes,
  relativeTo,
  tapOutcomes,
  type Outcomes,
} from './delivery-outcomes';
import { lastWords, ProcessRunner, runnerEnvironment } from './process-runner';
import { readCached, runEntry, writeCached } from './cache-files';
import { engineVersion } from './engine-version';
import { RunnerCopies } from './runner-copies';

/**
 * The delivery check: the tests to deliver run once more, with the repository's own runner
 * and configuration (its vitest or its Jest, from its node_modules), in a clean copy at the
 * delivery's state, isolated as every test run is. Skipped, with why, when the repository has
 * no runner installed.
 */
export async function checkDelivery(
  request: DeliveryCheckRequest,
  settings: RunnerSettings,
  runner = new ProcessRunner(),
): Promise<DeliveryCheck> {
  if (request.tests.size === 0) return { status: 'skipped', reason: 'no test to deliver.' };
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const copies = await RunnerCopies.open(request, settings);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-check-'));
  try {
    const entry = await runEntry(settings.cacheDir, 'delivery-check', request, [
      [...request.tests].sort(),
      request.dialect,
      request.limits ?? {},
      request.package ?? null,
      copies.dependencies.key,
    ]);
    const cached = entry ? await readCached<CachedCheck>(entry, engineVersion()) : null;
    if (cached) return cached.check;
    const check = await ownCheck(request, copies, scratch, limits, runner);
    // A run that did not finish may finish on a quieter machine: only a finished one is kept.
    if (entry && check.status === 'ran' && !check.failed.some((f) => f.reason === timedOut(limits)))
      await writeCached(entry, { engine: engineVersion(), check });
    return check;
  } finally {
    await copies.dispose();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

interface CachedCheck {
  engine: string;
  check: DeliveryCheck;
}

const timedOut = (limits: RunnerLimits) =>
  `it did not finish within ${Math.round(limits.runTimeoutMs / 1000)} s`;

async function ownCheck(
  request: DeliveryCheckRequest,
  copies: RunnerCopies,
  scratch: string,
  limits: RunnerLimits,
  runner: ProcessRunner,
): Promise<DeliveryCheck> {
  const workspace = await copies.copy(request.tests);
  // A workspace package's runner starts in its folder, where its config is.
  const cwd = path.join(workspace.root, request.package ?? '');
  const files = [...request.tests.keys()].map((f) => relativeTo(cwd, path.join(workspace.root, f)));
  const output = path.join(scratch, 'results');
  const env = runnerEnvironment(process.env, { HOME: scratch, TMPDIR: scratch });
  const contained = {
    writable: [scratch, workspace.root],
    readable: dependencyTree(workspace.root),
  };
  // The repository's tools run isolated as its tests do: they are its code.
  const runContained = async (args: string[]) => {
    const command = await containCommand(process.execPath, args, contained);
    try {
      return await runner.run({ ...command, cwd, env, timeoutMs: limits.runTimeoutMs });
    } finally {
      await command.dispose();
    }
  };
  const formatted = await formatWithOwnTools(cwd, workspace.root, files, {
    run: runContained,
    read: async () =>
      Promise.all(
        [...request.tests.keys()].map(
          async (f) =>
            [f, await fs.readFile(path.join(workspace.root, f), 'utf8')] as [string, string],
        ),
      ),
  });
  const linted = await lintWithOwnConfig(cwd, workspace.root, files, runContained);
  const own = await ownCommand(request.dialect, cwd, workspace.root, files, output);
  if ('skipped' in own) return { status: 'skipped', reason: own.skipped };
  const command = `${request.package ? `cd ${request.package} && ` : ''}${own.display}`;
  const result = await runContained(own.args);
  const report = existsSync(output)
    ? await fs.readFile(output, 'utf8')
    : own.reportOnStdout
      ? jsonOn(result.stdout)
      : null;
  if (report === null) {
    // The runner wrote no report and did not hang: it never started on these files (its
    // configuration is missing from the snapshot, or it cannot load them here). That proves
    // nothing about the tests, which Attest's runner has judged: delivered unchecked.
    if (result.status !== 'timed-out')
      return {
        status: 'skipped',
        reason: `the repository's runner did not start (${command}): ${lastWords(result)}`,
      };
    const why = timedOut(limits);
    return {
      status: 'ran',
      command,
      passed: 0,
      failed: [...request.tests.keys()].map((file) => ({ file, name: '(file)', reason: why })),
      ...(formatted ? { formatted } : {}),
    };
  }
  const outcomes = own.read(report, workspace.root);
  return {
    status: 'ran',
    command,
    passed: outcomes.passed,
    failed: [...outcomes.failed, ...linted],
    ...(formatted ? { formatted } : {}),
  };
}

/** How each form of own report is read. */
const READERS: Record<
  OwnReport,
  (report: string, root: string, delivered: Set<string>) => Outcomes
> = { 'jest-json': jsonReportOutcomes, 'mocha-json': mochaOutcomes, tap: tapOutcomes };

/** How the repository's own runner is started on the files, and how its report is read. */
type OwnCommand =
  | {
      args: string[];
      display: string;
      read: (report: string, root: string) => Outcomes;
      /** Set: a runner that cannot write its report to a file prints it on stdout instead. */
      reportOnStdout?: true;
    }
  | { skipped: string };

/** The dialect's own runner on the delivered files: its package's bin, or Node with the script's flags. */
async function ownCommand(
  dialect: TestDialect,
  cwd: string,
  root: string,
  files: string[],
  output: string,
): Promise<OwnCommand> {
  const delivered = new Set(files.map((f) => relativeTo(root, path.join(cwd, f))));
  const own = dialectOf(dialect).ownRunner;
  const bin = own.package === null ? '' : await runnerEntry(cwd, root, own.package);
  if (bin === null)
    return {
      skipped: `the repository has no ${own.package} installed in its node_modules, so its own runner could not run the tests.`,
    };
  // node --test takes the flags the repository's test script gives Node (a TypeScript loader).
  const nodeFlags = own.package === null ? nodeTestFlags(cwd) : [];
  return {
    args: own.args({ bin, nodeFlags, output, files }),
    display: own.display({ nodeFlags, files }),
    read: (report, top) => READERS[own.report](report, top, delivered),
    ...(own.reportOnStdout ? { reportOnStdout: true as const } : {}),
  };
}

/** The Node flags before `--test` in the package's test script: `node --import tsx --test` → --import tsx. */
function nodeTestFlags(cwd: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    const flags = /\bnode\s+((?:--?[\w-]+(?:[ =][^\s-][^\s]*)?\s+)*)--test\b/.exec(
      pkg.scripts?.test ?? '',
    )?.[1];
    return flags ? flags.trim().split(/\s+/) : [];
  } catch {
    return [];
  }
}
