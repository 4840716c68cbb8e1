// bench:generate: tier 0 on real npm packages that state examples (../shared/CORPUS.md).
// The packages are fetched with `npm pack` at benchmark time, never committed.
import { EXAMPLE_HEADERS, exampleColumns } from './stated-examples';
import { filteredByRule, scoreBeforeAfter } from './filtered';
import { printTable } from './table';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../src/core/attest-config';
import { runJob } from '../src/pipeline/run-job';
import { benchWithStub } from './generate-with-stub';

interface Package {
  spec: string;
  /** Limits a large library to a subset of about 50 functions. */
  targets?: string[];
}

const PACKAGES: Package[] = [
  { spec: 'compare-versions@6.1.1' },
  { spec: 'humanize-duration@3.35.1' },
  { spec: 'pluralize@8.0.0' },
  { spec: 'semver@7.8.6', targets: ['functions/**', 'ranges/**'] },
  { spec: 'pretty-bytes@7.2.0' },
  { spec: 'ramda@0.32.0', targets: ['src/[a-d]*.js'] },
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--with-stub')) return benchWithStub(args.filter((a) => a !== '--with-stub'));
  const only = args;
  const work = mkdtempSync(path.join(os.tmpdir(), 'attest-bench-generate-'));
  const config = parseConfig({ ...process.env, ATTEST_DATA_DIR: path.join(work, 'data') });
  const rows: string[][] = [];
  try {
    for (const pkg of PACKAGES.filter(
      (p) => !only.length || only.some((o) => p.spec.startsWith(o)),
    )) {
      const dir = path.join(work, pkg.spec.replace(/[@/]/g, '_'));
      mkdirSync(dir, { recursive: true });
      const tarball = execFileSync(
        'npm',
        ['pack', pkg.spec, '--silent', '--pack-destination', dir],
        {
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n')
        .pop()!;
      execFileSync('tar', ['xzf', path.join(dir, tarball), '-C', dir]);
      const root = path.join(dir, 'package');
      const started = Date.now();
      const { report } = await runJob(
        {
          source: { kind: 'path', path: root },
          targets: pkg.targets,
          models: [],
          outDir: path.join(dir, 'out'),
        },
        config,
      );
      const seconds = (Date.now() - started) / 1000;
      const {
        mutants,
        mutantsKilled: killed,
        statements,
        statementsCovered: covered,
      } = report.totals.examples;
      rows.push([
        pkg.spec,
        String(report.targets.length),
        String(report.requirements.length),
        ...exampleColumns(pkg.spec, report),
        `${report.totals.accepted} (${report.totals.selected} kept)`,
        mutants ? `${((killed / mutants) * 100).toFixed(1)}% (${killed}/${mutants})` : 'n/a',
        report.totals.mutationScore === null
          ? 'n/a'
          : `${(report.totals.mutationScore * 100).toFixed(1)}%`,
        statements
          ? `${((covered / statements) * 100).toFixed(1)}% (${covered}/${statements})`
          : 'n/a',
        filteredByRule(report.mutantsFiltered),
        scoreBeforeAfter(
          report.totals.mutantsKilled,
          report.totals.mutants,
          report.mutantsFiltered.reduce((n, f) => n + f.count, 0),
        ),
        seconds.toFixed(1),
      ]);
      process.stderr.write(`${rows[rows.length - 1]!.join(' | ')}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const header = [
    'package',
    'targets',
    'requirements',
    ...EXAMPLE_HEADERS,
    'accepted',
    'mutation score (targets with examples)',
    'mutation score (all targets)',
    'statement coverage (targets with examples)',
    'mutants filtered, by rule',
    'score before → after filtering (all targets)',
    'wall s',
  ];
  printTable(header, rows);
  console.log(
    `\n${os.cpus().length} cores, node ${process.version}; reproduce with: npm run bench:generate [package-prefix ...]`,
  );
}

void main();
