import { existsSync, promises as fs, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { DeliveryFailure } from '../core/verification';
import { relativeTo } from './delivery-outcomes';
import type { RunResult } from './process-runner';

// The repository's own formatter and linter on the delivered files, and where its tools are.

/**
 * The JavaScript entry of a runner installed in the repository, from its package.json's `bin`:
 * `node_modules/.bin` holds shell scripts under pnpm, which Node cannot run. Searched from the
 * workspace up, as Node resolves packages, so a workspace package finds the root's install.
 */
export async function runnerEntry(
  from: string,
  root: string,
  tool: string,
): Promise<string | null> {
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

/**
 * Formats the test files as the repository formats its own: with its Prettier (and its
 * config), then with its ESLint's fixes (where it has ESLint and a configuration), since a
 * file that Prettier formats can still break a lint rule that --fix mends (`comma-dangle`);
 * the lint check then drops only a file that still breaks one. Null when it has neither tool,
 * or when no tool ran (the files stay as generated). The tools are the repository's code, so
 * they run isolated as tests do.
 */
export async function formatWithOwnTools(
  cwd: string,
  root: string,
  files: string[],
  tools: {
    run: (args: string[]) => Promise<RunResult>;
    read: () => Promise<[string, string][]>;
  },
): Promise<{ command: string; files: [string, string][] } | null> {
  const prettier = await runnerEntry(cwd, root, 'prettier');
  const eslint = hasEslintConfig(cwd, root) ? await runnerEntry(cwd, root, 'eslint') : null;
  const ran: string[] = [];
  if (prettier) {
    const result = await tools.run([prettier, '--write', ...files]);
    if (result.status === 'exited' && result.code === 0) ran.push('prettier --write');
  }
  if (eslint) {
    const result = await tools.run([eslint, '--fix', ...files]);
    // It exits 1 when problems remain that it cannot fix; its fixes are written still.
    if (result.status === 'exited' && (result.code === 0 || result.code === 1))
      ran.push('eslint --fix');
  }
  return ran.length ? { command: ran.join(', then '), files: await tools.read() } : null;
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
export async function lintWithOwnConfig(
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
