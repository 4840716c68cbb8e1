import { existsSync, promises as fs, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_LIMITS,
  type DeliveryCheck,
  type DeliveryCheckRequest,
  type DeliveryFailure,
  type RunnerSettings,
} from '../core/verification';
import { isolatedCommand } from './isolation';
import { firstMeaningfulLines } from './jest-execution';
import { lastWords, ProcessRunner, runnerEnvironment } from './process-runner';
import { RunnerCopies } from './runner-copies';

/** Jest's JSON report, which vitest's json reporter also writes. */
interface RunnerJson {
  testResults?: {
    name: string;
    message?: string;
    assertionResults?: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages?: string[];
    }[];
  }[];
}

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
    const workspace = await copies.copy(request.tests);
    const tool = request.dialect === 'vitest' ? 'vitest' : 'jest';
    // A workspace package's runner starts in its folder, where its config is.
    const cwd = path.join(workspace.root, request.package ?? '');
    const bin = await runnerEntry(cwd, workspace.root, tool);
    if (!bin)
      return {
        status: 'skipped',
        reason: `the repository has no ${tool} installed in its node_modules, so its own runner could not run the tests.`,
      };
    const files = [...request.tests.keys()].map((f) =>
      path.relative(cwd, path.join(workspace.root, f)).split(path.sep).join('/'),
    );
    const output = path.join(scratch, 'results.json');
    const args =
      tool === 'vitest'
        ? ['run', '--reporter=json', `--outputFile=${output}`, ...files]
        : ['--ci', '--json', `--outputFile=${output}`, '--runTestsByPath', ...files];
    const command = `${request.package ? `cd ${request.package} && ` : ''}npx ${tool} ${tool === 'vitest' ? 'run' : '--ci --runTestsByPath'} ${files.join(' ')}`;
    const isolated = isolatedCommand(process.execPath, [bin, ...args]);
    const result = await runner.run({
      command: isolated.command,
      args: isolated.args,
      cwd,
      env: runnerEnvironment(process.env, { HOME: scratch, TMPDIR: scratch }),
      timeoutMs: limits.runTimeoutMs,
    });
    if (!existsSync(output)) {
      const why =
        result.status === 'timed-out'
          ? `it did not finish within ${Math.round(limits.runTimeoutMs / 1000)} s`
          : lastWords(result);
      return {
        status: 'ran',
        command,
        passed: 0,
        failed: [...request.tests.keys()].map((file) => ({ file, name: '(file)', reason: why })),
      };
    }
    return {
      status: 'ran',
      command,
      ...outcomes(await fs.readFile(output, 'utf8'), workspace.root),
    };
  } finally {
    await copies.dispose();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The JavaScript entry of a runner installed in the repository, from its package.json's `bin`:
 * `node_modules/.bin` holds shell scripts under pnpm, which Node cannot run. Searched from the
 * workspace up, as Node resolves packages, so a workspace package finds the root's install.
 */
async function runnerEntry(from: string, root: string, tool: string): Promise<string | null> {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'node_modules', tool, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(await fs.readFile(manifest, 'utf8')) as {
        bin?: string | Record<string, string>;
      };
      const entry = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.[tool];
      return entry ? realpathSync(path.join(path.dirname(manifest), entry)) : null;
    }
    if (dir === root || path.dirname(dir) === dir) return null;
  }
}

function outcomes(json: string, root: string): { passed: number; failed: DeliveryFailure[] } {
  const report = JSON.parse(json) as RunnerJson;
  let passed = 0;
  const failed: DeliveryFailure[] = [];
  for (const suite of report.testResults ?? []) {
    const file = path.relative(root, suite.name).split(path.sep).join('/');
    const tests = suite.assertionResults ?? [];
    if (tests.length === 0 && suite.message) {
      failed.push({ file, name: '(file)', reason: firstLines(suite.message) });
      continue;
    }
    for (const t of tests) {
      const name = [...t.ancestorTitles, t.title].join(' > ');
      if (t.status === 'passed') passed += 1;
      else if (t.status === 'failed')
        failed.push({ file, name, reason: firstLines((t.failureMessages ?? []).join('\n')) });
    }
  }
  return { passed, failed };
}

/** A failure's first lines on one line, as a reason. */
function firstLines(text: string): string {
  return firstMeaningfulLines(text).split('\n').join(' ');
}
