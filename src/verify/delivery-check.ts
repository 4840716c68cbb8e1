import { existsSync, promises as fs, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestDialect } from '../core/code-symbol';
import {
  DEFAULT_LIMITS,
  type DeliveryCheck,
  type DeliveryCheckRequest,
  type DeliveryFailure,
  type RunnerSettings,
} from '../core/verification';
import { containCommand, dependencyTree } from './isolation';
import { firstMeaningfulLines } from './jest-outcome';
import { lastWords, ProcessRunner, runnerEnvironment, type RunResult } from './process-runner';
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
    // A workspace package's runner starts in its folder, where its config is.
    const cwd = path.join(workspace.root, request.package ?? '');
    const files = [...request.tests.keys()].map((f) =>
      relativeTo(cwd, path.join(workspace.root, f)),
    );
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
    const own = await ownRunner(request.dialect, cwd, workspace.root, files, output);
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
      const why = `it did not finish within ${Math.round(limits.runTimeoutMs / 1000)} s`;
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

type Outcomes = { passed: number; failed: DeliveryFailure[] };

/**
 * Formats the test files as the repository formats its own: with its Prettier (and its
 * config), else with its ESLint's fixes; null when it has neither, or when the tool failed (the
 * files stay as generated). The tool is the repository's code, so it runs isolated as tests do.
 */
async function formatWithOwnTools(
  cwd: string,
  root: string,
  files: string[],
  tools: {
    run: (args: string[]) => Promise<RunResult>;
    read: () => Promise<[string, string][]>;
  },
): Promise<{ command: string; files: [string, string][] } | null> {
  const prettier = await runnerEntry(cwd, root, 'prettier');
  const eslint = prettier ? null : await runnerEntry(cwd, root, 'eslint');
  const tool = prettier
    ? { args: [prettier, '--write', ...files], command: 'prettier --write' }
    : eslint
      ? { args: [eslint, '--fix', ...files], command: 'eslint --fix' }
      : null;
  if (!tool) return null;
  const result = await tools.run(tool.args);
  // eslint --fix exits 1 when problems remain that it cannot fix; its fixes are written still.
  const ran =
    result.status === 'exited' && (result.code === 0 || (eslint !== null && result.code === 1));
  return ran ? { command: tool.command, files: await tools.read() } : null;
}

/** The files that name an ESLint configuration, flat or legacy. */
const ESLINT_CONFIGS = [
  'eslint.config.js',
  'eslint.config.mjs',
  'eslint.config.cjs',
  'eslint.config.ts',
  '.eslintrc',
  '.eslintrc.js',
  '.eslintrc.cjs',
  '.eslintrc.json',
  '.eslintrc.yml',
  '.eslintrc.yaml',
];

/** What ESLint's JSON formatter says of one file. */
interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; line: number; message: string }[];
}

/**
 * The repository's own lint rules, on the files to deliver: each file that breaks one is not
 * delivered, and the check names the rules it breaks (a maintainer would not merge it as it
 * is). Nothing when the repository has no ESLint and configuration, or when ESLint cannot read
 * the file at all (its configuration's problem, not the test's).
 */
async function lintWithOwnConfig(
  cwd: string,
  root: string,
  files: string[],
  run: (args: string[]) => Promise<RunResult>,
): Promise<DeliveryFailure[]> {
  const eslint = await runnerEntry(cwd, root, 'eslint');
  if (!eslint || !hasEslintConfig(cwd, root)) return [];
  const result = await run([eslint, '--format', 'json', ...files]);
  let reports: EslintResult[];
  try {
    reports = JSON.parse(result.stdout) as EslintResult[];
  } catch {
    return [];
  }
  return reports.flatMap((report) => {
    const broken = report.messages.filter((m) => m.severity === 2 && m.ruleId);
    if (broken.length === 0) return [];
    const rules = [...new Set(broken.map((m) => m.ruleId!))];
    const first = broken[0]!;
    return [
      {
        file: relativeTo(root, report.filePath),
        name: '(file)',
        reason: `it breaks the repository's lint rules: ${rules.join(', ')} (line ${first.line}: ${first.message})`,
      },
    ];
  });
}

/** An ESLint configuration in the folder or any folder above it, up to the repository's root. */
function hasEslintConfig(from: string, root: string): boolean {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (ESLINT_CONFIGS.some((f) => existsSync(path.join(dir, f)))) return true;
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        eslintConfig?: unknown;
      };
      if (pkg.eslintConfig) return true;
    } catch {
      // No package.json here: look further up.
    }
    if (dir === root || path.dirname(dir) === dir) return false;
  }
}

/** The runner each dialect's tests are proved with; node:test's is Node itself. */
const OWN_RUNNER: Record<TestDialect, 'vitest' | 'jest' | 'mocha' | null> = {
  jest: 'jest',
  vitest: 'vitest',
  mocha: 'mocha',
  'mocha-assert': 'mocha',
  'node:test': null,
};

/** A path relative to `from`, with forward slashes, as the report names files. */
function relativeTo(from: string, absolute: string): string {
  return path.relative(from, absolute).split(path.sep).join('/');
}

/** How the repository's own runner is started on the files, and how its report is read. */
type OwnRunner =
  | {
      args: string[];
      display: string;
      read: (report: string, root: string) => Outcomes;
      /** Set: a runner that cannot write its report to a file prints it on stdout instead. */
      reportOnStdout?: true;
    }
  | { skipped: string };

/** The JSON object a command printed, from its first `{` to its last `}`; null when there is none. */
function jsonOn(stdout: string): string | null {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  const text = stdout.slice(start, end + 1);
  try {
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}

async function ownRunner(
  dialect: TestDialect,
  cwd: string,
  root: string,
  files: string[],
  output: string,
): Promise<OwnRunner> {
  const delivered = new Set(files.map((f) => relativeTo(root, path.join(cwd, f))));
  const tool = OWN_RUNNER[dialect];
  if (tool === null) {
    // node --test, with the flags the repository's test script gives Node (a TypeScript loader).
    const flags = nodeTestFlags(cwd);
    return {
      args: [
        ...flags,
        '--test',
        '--test-reporter=tap',
        `--test-reporter-destination=${output}`,
        ...files,
      ],
      display: `node ${[...flags, '--test'].join(' ')} ${files.join(' ')}`,
      read: tapOutcomes,
    };
  }
  const bin = await runnerEntry(cwd, root, tool);
  if (!bin)
    return {
      skipped: `the repository has no ${tool} installed in its node_modules, so its own runner could not run the tests.`,
    };
  if (tool === 'mocha')
    return {
      args: [bin, '--reporter', 'json', '--reporter-option', `output=${output}`, ...files],
      display: `npx mocha ${files.join(' ')}`,
      read: (json, top) => mochaOutcomes(json, top, delivered),
      // mocha before 9 has no output option: its json reporter prints on stdout.
      reportOnStdout: true,
    };
  return tool === 'vitest'
    ? {
        args: [bin, 'run', '--reporter=json', `--outputFile=${output}`, ...files],
        display: `npx vitest run ${files.join(' ')}`,
        read: outcomes,
      }
    : {
        args: [bin, '--ci', '--json', `--outputFile=${output}`, '--runTestsByPath', ...files],
        display: `npx jest --ci --runTestsByPath ${files.join(' ')}`,
        read: outcomes,
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

/**
 * mocha's json reporter: its passes and its failures, with their files and full titles. mocha
 * adds the files its config names to those given, so only the delivered files count.
 */
function mochaOutcomes(json: string, root: string, delivered: ReadonlySet<string>): Outcomes {
  type MochaTest = {
    file?: string;
    fullTitle?: string;
    title?: string;
    err?: { message?: string };
  };
  const report = JSON.parse(json) as { passes?: MochaTest[]; failures?: MochaTest[] };
  const fileOf = (t: MochaTest) => (t.file ? relativeTo(root, t.file) : '(unknown)');
  const ours = (tests: MochaTest[] = []) =>
    tests.filter((t) => delivered.has(fileOf(t)) || fileOf(t) === '(unknown)');
  return {
    passed: ours(report.passes).length,
    failed: ours(report.failures).map((f) => ({
      file: fileOf(f),
      name: f.fullTitle ?? f.title ?? '(unknown)',
      reason: firstLines(f.err?.message ?? 'failed'),
    })),
  };
}

/**
 * node --test's TAP report: each `ok`/`not ok` that is a test (not a suite), its name after the
 * subtests that hold it, and for a failure the file of its location and its error.
 */
function tapOutcomes(tap: string, root: string): Outcomes {
  const lines = tap.split('\n');
  const path_: string[] = [];
  let passed = 0;
  const failed: DeliveryFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const depth = (line.length - line.trimStart().length) / 4;
    const subtest = /^\s*# Subtest: (.*)$/.exec(line);
    if (subtest) {
      path_.length = depth;
      path_[depth] = subtest[1]!;
      continue;
    }
    const result = /^\s*(not )?ok \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (!result) continue;
    const block: string[] = [];
    if (lines[i + 1]?.trim() === '---')
      for (let j = i + 2; j < lines.length && lines[j]!.trim() !== '...'; j++)
        block.push(lines[j]!);
    if (block.some((b) => /^\s*type: 'suite'/.test(b))) continue;
    const name = [...path_.slice(0, depth), result[2]!].join(' > ');
    if (!result[1]) {
      passed += 1;
      continue;
    }
    const location = block.map((b) => /^\s*location: '(.*):\d+:\d+'/.exec(b)?.[1]).find(Boolean);
    const error = block.findIndex((b) => /^\s*error: /.test(b));
    failed.push({
      file: location ? relativeTo(root, location) : '(unknown)',
      name,
      reason: firstLines(
        error >= 0
          ? block
              .slice(error + 1, error + 6)
              .map((b) => b.trim())
              .join('\n')
          : 'failed',
      ),
    });
  }
  return { passed, failed };
}

function outcomes(json: string, root: string): Outcomes {
  const report = JSON.parse(json) as RunnerJson;
  let passed = 0;
  const failed: DeliveryFailure[] = [];
  for (const suite of report.testResults ?? []) {
    const file = relativeTo(root, suite.name);
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
