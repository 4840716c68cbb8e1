// bench:generate --with-stub: the survivor rounds on examples/textkit and examples/billing, with
// a stand-in model over real HTTP (bench/stub-model.ts): the mutation score of the kept tests
// after tier 0, after the models' first pass and after the survivor rounds, and the cost of
// each round as the stand-in server reported it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig, withKeys } from '../src/core/attest-config';
import { parseModelSpecs } from '../src/core/model-spec';
import type { Report } from '../src/core/report';
import { runJob } from '../src/pipeline/run-job';
import { STUB_BOOKS } from './stub-answers';
import { bookModel } from './stub-model';
import { startChatServer } from './stub-server';
import { filteredByRule, scoreBeforeAfter } from './filtered';
import { printTable } from './table';

/** Stand-in prices per 1M tokens, of the order of a small and a large hosted model. */
const MODELS = [
  { name: 'cheap', model: 'cheap', inputUsdPer1M: 0.15, outputUsdPer1M: 0.6 },
  { name: 'strong', model: 'strong', inputUsdPer1M: 2.5, outputUsdPer1M: 10 },
];

const percent = (killed: number, mutants: number) =>
  mutants ? `${((killed / mutants) * 100).toFixed(1)}% (${killed}/${mutants})` : 'n/a';
const usd = (n: number) => `$${n.toFixed(4)}`;

/** Runs the survivor-round benchmark on the examples named (all when none). */
export async function benchWithStub(only: string[]): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'attest-bench-stub-'));
  const config = parseConfig({ ...process.env, ATTEST_DATA_DIR: path.join(work, 'data') });
  const summary: string[][] = [];
  const rounds: string[][] = [];
  const left: string[][] = [];
  try {
    for (const [name, book] of Object.entries(STUB_BOOKS)) {
      if (only.length && !only.includes(name)) continue;
      const server = await startChatServer(bookModel(book));
      try {
        const report = await runExample(name, work, server.baseURL, config);
        const served = server.requests.length;
        summary.push(summaryRow(name, report, served));
        left.push(
          ...report.survivors.map((s) => [
            name,
            `${s.file}:${s.line}`,
            s.mutator,
            `\`${s.original.replace(/\s+/g, ' ')}\` → \`${s.replacement.replace(/\s+/g, ' ')}\``,
            s.mark,
          ]),
        );
        rounds.push(
          ...report.rounds.map((r) => [
            name,
            r.round,
            String(r.calls),
            String(r.inputTokens + r.outputTokens),
            usd(r.costUsd),
            String(r.accepted),
            String(r.mutantsKilled),
            r.acceptedPer1kTokens === null ? '-' : r.acceptedPer1kTokens.toFixed(2),
          ]),
        );
        process.stderr.write(`${summary[summary.length - 1]!.join(' | ')}\n`);
      } finally {
        await server.close();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  printTable(
    [
      'example',
      'mutation score: tier 0',
      'after first pass',
      'after survivor rounds',
      'cost: first pass',
      'cost: survivor rounds',
      'survivors left (possibly equivalent)',
      'equivalent mutants never made, by rule',
      'score before → after filtering',
      'model calls',
    ],
    summary,
  );
  console.log('');
  printTable(
    [
      'example',
      'round',
      'calls',
      'tokens',
      'cost',
      'accepted',
      'mutants killed',
      'accepted per 1k tokens',
    ],
    rounds,
  );
  console.log('');
  printTable(['example', 'survivor', 'mutator', 'change', 'mark'], left);
  console.log(
    `\n${os.cpus().length} cores, node ${process.version}; models: a stand-in server answering from bench/stub-answers.ts at stand-in prices (cheap $0.15/$0.60, strong $2.50/$10 per 1M tokens); reproduce with: npm run bench:generate -- --with-stub [textkit|billing]`,
  );
}

async function runExample(
  name: string,
  work: string,
  baseURL: string,
  config: ReturnType<typeof parseConfig>,
): Promise<Report> {
  const root = path.join(work, name);
  cpSync(path.join(__dirname, '..', '..', 'examples', name), root, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=bench@attest.invalid', '-c', 'user.name=bench', 'commit', '-qm', 'example');
  const models = withKeys(
    parseModelSpecs(JSON.stringify(MODELS.map((m) => ({ ...m, baseURL }))), 'the bench models'),
    {},
  );
  const { report } = await runJob(
    { source: { kind: 'path', path: root }, models, outDir: path.join(work, `${name}-out`) },
    config,
  );
  return report;
}

function summaryRow(name: string, report: Report, served: number): string[] {
  const { mutants } = report.totals;
  const killedBy = (upTo: (round: string) => boolean) =>
    report.rounds.filter((r) => upTo(r.round)).reduce((n, r) => n + r.mutantsKilled, 0);
  const costOf = (which: (round: string) => boolean) =>
    report.rounds.filter((r) => which(r.round)).reduce((n, r) => n + r.costUsd, 0);
  const survivorRound = (round: string) => round.startsWith('survivor');
  const equivalent = report.survivors.filter((s) => s.mark === 'possibly-equivalent').length;
  return [
    name,
    percent(
      killedBy((r) => r === 'tier 0'),
      mutants,
    ),
    percent(
      killedBy((r) => !survivorRound(r)),
      mutants,
    ),
    percent(report.totals.mutantsKilled, mutants),
    usd(costOf((r) => !survivorRound(r))),
    usd(costOf(survivorRound)),
    `${report.survivors.length} (${equivalent})`,
    filteredByRule(report.mutantsFiltered),
    scoreBeforeAfter(
      report.totals.mutantsKilled,
      mutants,
      report.mutantsFiltered.reduce((n, f) => n + f.count, 0),
    ),
    String(served),
  ];
}
