import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../core/report';
import { attestRoot } from '../verify/attest-root';

/**
 * The GitHub Action's entry (action.yml): a diff job for the pull request that triggered the
 * workflow, `attest run <workspace> --changed-since <base>`, whose summary goes into the job's
 * summary page and whose report.md is left for the upload step. It fails the check only when
 * asked (`fail-on: conflicts`) and the change contradicts a stated example.
 */

type Env = Record<string, string | undefined>;

/** What the action tells the workflow: one line for the log, and its exit code. */
export interface ActionOutcome {
  code: number;
  message: string;
}

/** The base commit of the pull request in the event, or the `base` input when given. */
function baseOf(env: Env): string {
  const input = env.INPUT_BASE?.trim();
  if (input) return input;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (!eventPath)
    throw new ActionError(
      'GITHUB_EVENT_PATH is not set: run the action in a GitHub workflow, or give it a base.',
    );
  const event = JSON.parse(readFileSync(eventPath, 'utf8')) as {
    pull_request?: { base?: { sha?: string } };
  };
  const sha = event.pull_request?.base?.sha;
  if (!sha)
    throw new ActionError(
      `the event (${env.GITHUB_EVENT_NAME ?? 'unknown'}) has no pull request: run the action on pull_request, or give it a base.`,
    );
  return sha;
}

class ActionError extends Error {}

/** One line of the job summary per finding; report.md follows, folded. */
function summaryMarkdown(report: Report, reportMd: string): string {
  const c = report.changes;
  const t = report.totals;
  const percent = (share: number | null) =>
    share === null ? 'n/a' : `${(share * 100).toFixed(1)}%`;
  const lines = [
    '## Attest',
    '',
    c
      ? `${c.targets.length} of ${c.targetsInRepository} targets changed since \`${c.baseCommit.slice(0, 12)}\`.`
      : 'A job over the whole repository.',
    '',
    `| accepted tests | requirement conflicts | mutation score | cost |`,
    `| --- | --- | --- | --- |`,
    `| ${t.selected} | ${t.conflicts} | ${percent(t.mutationScore)} | $${t.costUsd.toFixed(4)} |`,
    '',
    ...report.conflicts.map(
      (conflict) =>
        `- **Conflict** \`${conflict.call}\` (${conflict.file}:${conflict.line}): the docs say \`${conflict.expected}\`, the code gives \`${conflict.actual}\`.`,
    ),
    ...(report.conflicts.length ? [''] : []),
    '<details><summary>report.md</summary>',
    '',
    reportMd,
    '',
    '</details>',
    '',
  ];
  return lines.join('\n');
}

export function runAction(env: Env): ActionOutcome {
  const failOn = (env.INPUT_FAIL_ON ?? 'never').trim() || 'never';
  if (failOn !== 'never' && failOn !== 'conflicts')
    return { code: 2, message: `fail-on is "${failOn}": give conflicts or never.` };
  let base: string;
  try {
    base = baseOf(env);
  } catch (error) {
    return { code: 2, message: (error as Error).message };
  }
  const workspace = path.resolve(env.GITHUB_WORKSPACE ?? '.', env.INPUT_WORKING_DIRECTORY ?? '.');
  const out = path.join(env.RUNNER_TEMP ?? os.tmpdir(), 'attest');
  mkdirSync(out, { recursive: true });
  const args = ['run', workspace, '--changed-since', base, '--json', '--out', out];
  if (env.INPUT_BUDGET_USD?.trim()) args.push('--budget-usd', env.INPUT_BUDGET_USD.trim());
  const run = spawnSync(process.execPath, [path.join(attestRoot(), 'bin', 'attest.js'), ...args], {
    encoding: 'utf8',
    env: process.env,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    return { code: run.status ?? 1, message: `attest run failed (exit ${run.status}): see above.` };
  const { reportJson, reportMd } = JSON.parse(run.stdout) as {
    reportJson: string;
    reportMd: string;
  };
  const report = JSON.parse(readFileSync(reportJson, 'utf8')) as Report;
  if (env.GITHUB_STEP_SUMMARY)
    appendFileSync(
      env.GITHUB_STEP_SUMMARY,
      summaryMarkdown(report, readFileSync(reportMd, 'utf8')),
    );
  if (env.GITHUB_OUTPUT)
    appendFileSync(
      env.GITHUB_OUTPUT,
      `report=${reportMd}\nconflicts=${report.totals.conflicts}\naccepted=${report.totals.selected}\n`,
    );
  const conflicts = report.totals.conflicts;
  if (failOn === 'conflicts' && conflicts > 0)
    return {
      code: 1,
      message: `the change contradicts ${conflicts} stated example(s): see the job summary.`,
    };
  return {
    code: 0,
    message: `${report.totals.selected} tests accepted, ${conflicts} conflict(s).`,
  };
}

if (require.main === module) {
  const outcome = runAction(process.env);
  // GitHub shows ::error:: lines as annotations on the check.
  process.stdout.write(`${outcome.code === 0 ? '' : '::error::'}attest: ${outcome.message}\n`);
  process.exitCode = outcome.code;
}
