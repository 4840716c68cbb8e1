import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseRepoSource } from '../../acquire/repo-source';
import type { AttestConfig, ConfiguredModel } from '../../core/attest-config';
import { ConfigError } from '../../core/attest-error';
import { conflictDetails, type Report } from '../../core/report';
import { suiteWarning } from '../../core/verification';
import { deliveryCheckLine, nextSteps } from '../../deliver/render-report';
import type { JobResult } from '../../pipeline/run-job';
import { json, type Output } from '../output';
import { progressDisplay } from '../progress-display';

/** The flags of `attest run` that are not job options (those come from core/job-options.ts). */
interface RunFlags {
  ref?: string;
  models?: string;
  out?: string;
  json?: boolean;
}
/** `attest run <repo>`: the whole pipeline in this process, with no Redis. */
export function registerRunCommand(
  program: Command,
  config: () => Promise<AttestConfig>,
  output: Output,
  env: Record<string, string | undefined>,
): void {
  const command = program
    .command('run')
    .description(
      'generate tests grounded in the requirements, keep those the independent runner accepts, and commit them on a branch',
    )
    .argument('<repo>', 'a local path or a git URL')
    .option('--ref <ref>', 'branch, tag or commit to read (a git URL, or a local repository)')
    .option('--models <file>', 'a JSON file of models (instead of ATTEST_MODELS)')
    .option(
      '--out <dir>',
      'where report.json, report.md and tests.patch go (default .attest/<job-id> in the repository, or in the current folder for a git URL)',
    )
    .option('--json', 'print the summary as JSON');
  // The job options' flags come with their zod schemas, which `attest --version` and the other
  // commands never load: they are added when `run` is the command, or its help is shown
  // (`attest help run` shows it without dispatching, and help is drawn synchronously).
  let flagged = false;
  const addFlags = () => {
    if (flagged) return;
    flagged = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, synchronously
    (require('../job-option-flags') as typeof import('../job-option-flags')).addJobOptionFlags(
      command,
    );
  };
  program.hook('preSubcommand', (_program, subcommand) => {
    if (subcommand === command) addFlags();
  });
  command.on('beforeHelp', addFlags);
  command.action(async (repo: string, parsed: RunFlags & Record<string, unknown>) => {
    const { jobOptionsFromFlags } = await import('../job-option-flags.js');
    const options = jobOptionsFromFlags(parsed);
    const { runJob, requestOf } = await import('../../pipeline/run-job.js');
    const { INSTALL_BUBBLEWRAP, isolation } = await import('../../verify/isolation.js');
    const contained = isolation();
    if (contained.level !== 'sandbox')
      output.err(`attest: tests will run unsandboxed, in ${contained.how}: ${INSTALL_BUBBLEWRAP}.`);
    const settings = await config();
    const models = await modelsFor(parsed.models, options.models, settings, env);
    const display = progressDisplay(output, Boolean(process.stderr.isTTY) && !parsed.json);
    const deliver = options.deliver ?? {};
    let result: JobResult;
    try {
      result = await runJob(
        {
          source: parseRepoSource(repo, parsed.ref),
          outDir: parsed.out,
          ...requestOf(options),
          models,
          remote: {
            push: Boolean(deliver.push || deliver.pullRequest),
            pullRequest: Boolean(deliver.pullRequest),
            ...(deliver.branch ? { remoteBranch: deliver.branch } : {}),
            ...(deliver.commentOn ? { commentOn: deliver.commentOn } : {}),
            token: settings.gitToken,
            githubApiUrl: settings.githubApiUrl,
          },
          onProgress: display.listener,
        },
        settings,
      );
    } finally {
      display.stop();
    }
    const summary = summaryOf(result);
    output.out(parsed.json ? json(summary) : summaryText(summary, result.report));
  });
}

/** The models of a run: ATTEST_MODELS or a models file, narrowed to the names asked for. */
async function modelsFor(
  file: string | undefined,
  names: string[] | undefined,
  config: AttestConfig,
  env: Record<string, string | undefined>,
): Promise<ConfiguredModel[]> {
  let models = config.models;
  if (!file && !names) return models;
  const { parseModelSpecs, pickModels } = await import('../../core/model-spec.js');
  const { withKeys } = await import('../../core/attest-config.js');
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(
        `cannot read the models file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Pass the path of a JSON file.`,
      );
    }
    models = withKeys(parseModelSpecs(text, `the models file ${file}`), env);
  }
  if (!names) return models;
  const picked = new Set(
    pickModels(
      models.map((m) => m.spec),
      names,
    ).map((s) => s.name),
  );
  return models.filter((m) => picked.has(m.spec.name));
}

function summaryOf({ jobId, report, outDir, files }: JobResult) {
  const t = report.totals;
  return {
    jobId,
    repo: report.repo,
    targets: report.targets.length,
    changes: report.changes,
    candidates: t.candidates,
    accepted: t.accepted,
    selected: t.selected,
    conflicts: t.conflicts,
    mutationScore: t.mutationScore,
    survivors: report.survivors.length,
    statementCoverage: t.statementCoverage,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    costUsd: t.costUsd,
    acceptedPer1kTokens: t.acceptedPer1kTokens,
    skipped: report.skipped.length,
    unavailableTiers: report.unavailableTiers,
    repository: report.delivery.repository,
    branch: report.delivery.branch,
    commit: report.delivery.commit,
    pushedTo: report.delivery.pushedTo,
    pullRequestUrl: report.delivery.pullRequestUrl,
    deliveryNote: report.delivery.note,
    dependencies: report.dependencies,
    suite: report.suite,
    outDir,
    ...files,
    durationMs: t.durationMs,
  };
}

/** How the dependencies came, when they were installed, and the warning of an unlocked install. */
function dependencyLines(report: Report): string[] {
  const d = report.dependencies;
  if (d?.status === 'none' && d.warning) return [`warning    ${d.warning}`];
  if (d?.status !== 'installed') return [];
  return [
    `deps       ${d.command}${d.cached ? ' (cached)' : ''}`,
    ...(d.warning ? [`warning    ${d.warning}`] : []),
  ];
}

function summaryText(s: ReturnType<typeof summaryOf>, report: Report): string {
  const percent = (share: number | null) =>
    share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`;
  const lines = [
    `job        ${s.jobId}`,
    `targets    ${s.targets} (${s.skipped} skipped for budget)`,
    ...(report.changes
      ? [
          `changes    ${report.changes.targets.length} of ${report.changes.targetsInRepository} targets changed since ${report.changes.base} (${report.changes.baseCommit.slice(0, 12)})`,
        ]
      : []),
    `tests      ${s.accepted} accepted of ${s.candidates} candidates; ${s.selected} kept in ${report.testDir}${report.totals.verdictsReused ? ` (${report.totals.verdictsReused} verdicts reused from earlier jobs)` : ''}`,
    `conflicts  ${s.conflicts}${report.conflicts.map(conflictLines).join('')}`,
    `mutation   ${percent(s.mutationScore)} of the mutants in the targeted code killed`,
    ...(s.survivors > 0 ? [`survivors  ${survivorLine(report)}`] : []),
    `coverage   ${percent(s.statementCoverage)} of its statements run by the kept tests`,
    `tokens     ${s.inputTokens} in, ${s.outputTokens} out; $${s.costUsd.toFixed(4)}`,
    ...s.unavailableTiers.map((t) => `skipped    tier ${t.origin}: ${t.reason}`),
    ...dependencyLines(report),
    ...(report.containment && !report.containment.sandboxed
      ? [`warning    the tests ran unsandboxed, in ${report.containment.how}`]
      : []),
    ...(report.suite && report.suite.unloadable.length > 0
      ? [`warning    ${suiteWarning(report.suite)}`]
      : []),
    s.branch
      ? `branch     ${s.branch} at ${s.commit?.slice(0, 12)} in ${s.repository}`
      : 'branch     none: no test was accepted',
    ...(s.pushedTo ? [`pushed     ${s.pushedTo} as ${report.delivery.remoteBranch}`] : []),
    ...(s.pullRequestUrl ? [`pull req   ${s.pullRequestUrl}`] : []),
    ...(s.deliveryNote ? [`note       ${s.deliveryNote}`] : []),
    ...[deliveryCheckLine(report)].flatMap((c) =>
      c ? [`check      ${c.replace(/^Delivery check: /, '')}`] : [],
    ),
    `report     ${s.reportMd}`,
    `patch      ${s.patch}`,
    ...nextSteps(report).map((step) => `next       ${step.replace(/`/g, '')}`),
  ];
  return lines.join('\n');
}

/** How many mutants no test kills, and how many of them may be equivalent: report.md lists each. */
function survivorLine(report: Report): string {
  const equivalent = report.survivors.filter((m) => m.mark === 'possibly-equivalent').length;
  return `${report.survivors.length} mutants no test kills (${report.survivors.length - equivalent} untested behaviour, ${equivalent} possibly equivalent): see Survivors in report.md`;
}

/** A conflict for the terminal: where the docs state it, what differs, and its other places. */
function conflictLines(c: Report['conflicts'][number]): string {
  const indent = '\n           ';
  const elsewhere = (c.places ?? []).slice(1).map((p) => `${p.file}:${p.line}`);
  return [
    `${indent}${c.requirementId} ${c.file}:${c.line} ${c.target}: the docs say ${c.expected}, the code gives ${c.actual}`,
    ...conflictDetails(c).map((d) => `${indent}  ${d}`),
    ...(elsewhere.length > 0 ? [`${indent}  also stated at ${elsewhere.join(', ')}`] : []),
    ...(c.failingTests ?? []).map(
      (t) => `${indent}  the test Attest delivered earlier fails: ${t.file} > ${t.name}`,
    ),
  ].join('');
}
