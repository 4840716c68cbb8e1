// bench:diff: what a pull request's job costs against a full one (issue 27's targets). For each
// repository: a full job, a second job on the same commit, and a diff job after a one-function
// change, each through the real CLI (`attest run`), sharing one data folder as a service's
// jobs do. Targets: the second job ≤ 0.2× the first, the diff job ≤ 0.3×.
//
//   npm run bench:diff                                  examples/textkit
//   npm run bench:diff -- /tmp/setd/<repo>:src/index.ts  also a clone of a set D repository,
//                                                       changed by a function appended there
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable } from './table';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'attest.js');

interface Case {
  name: string;
  source: string;
  /** The one-function change, made in the copy and committed. */
  change: (repo: string) => void;
}

/** A documented function appended to `file`: a change that adds one target. */
const appendFunction = (file: string) => (repo: string) => {
  const target = path.join(repo, file);
  const js = !/\.tsx?$/.test(file);
  writeFileSync(
    target,
    `${readFileSync(target, 'utf8')}\n/**\n * Repeats a text.\n *\n * @example\n * benchRepeat('ab', 2) // => 'abab'\n */\nexport function benchRepeat(text${js ? '' : ': string'}, times${js ? '' : ': number'}) {\n  return text.repeat(times);\n}\n`,
  );
};

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();

/** One `attest run`, its wall time and the targets it planned. */
function run(repo: string, data: string, extra: string[]): { seconds: number; targets: number } {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [BIN, 'run', repo, '--json', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, ATTEST_DATA_DIR: data },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0)
    throw new Error(`attest run ${extra.join(' ')} failed: ${result.stderr.slice(-1500)}`);
  return { seconds, targets: (JSON.parse(result.stdout) as { targets: number }).targets };
}

function measure(c: Case): string[] {
  const work = mkdtempSync(path.join(os.tmpdir(), 'attest-bench-diff-'));
  try {
    const repo = path.join(work, 'repo');
    cpSync(c.source, repo, {
      recursive: true,
      filter: (from) => !/[/\\](\.git|\.attest|node_modules)$/.test(from),
    });
    const data = path.join(work, 'data');
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=bench', '-c', 'user.email=bench@attest', 'commit', '-qm', 'base');
    const full = run(repo, data, []);
    const second = run(repo, data, []);
    c.change(repo);
    git(repo, '-c', 'user.name=bench', '-c', 'user.email=bench@attest', 'commit', '-qam', 'change');
    const diff = run(repo, data, ['--changed-since', 'HEAD~1']);
    const ratio = (s: number) => `${s.toFixed(1)} s (${(s / full.seconds).toFixed(2)}×)`;
    return [
      c.name,
      `${full.seconds.toFixed(1)} s, ${full.targets} targets`,
      ratio(second.seconds),
      `${ratio(diff.seconds)}, ${diff.targets} targets`,
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  const cases: Case[] = [
    {
      name: 'examples/textkit',
      source: path.join(ROOT, 'examples', 'textkit'),
      change: appendFunction('src/strings.ts'),
    },
    ...process.argv.slice(2).map((arg) => {
      const [source, file] = arg.split(':');
      if (!source || !file)
        throw new Error(`"${arg}" is not <repository folder>:<file to add a function to>`);
      return { name: path.basename(source), source, change: appendFunction(file) };
    }),
  ];
  const rows = cases.map(measure);
  printTable(['repository', 'full job', 'second job, same commit', 'diff job, one function'], rows);
  console.log(
    `\nTargets: second job ≤ 0.2×, diff job ≤ 0.3× the full job. ${os.cpus().length} cores, node ${process.version}; reproduce with: npm run bench:diff`,
  );
}

main();
