import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Candidate } from '../core/candidate';
import type { Report } from '../core/report';
import type { RepoSnapshot } from '../core/repo-snapshot';
import type { Verdict } from '../core/verdict';
import { deliverBranch } from '../deliver/deliver-branch';
import { deliverRemote, NOT_DELIVERED, type RemoteDelivery } from '../deliver/deliver-remote';
import { RunAborted } from '../verify/run-scope';
import { keepTests } from '../deliver/keep-tests';
import { renderPullRequestComment, renderReportMarkdown } from '../deliver/render-report';
import { buildReport, type ReportInput } from './build-report';
import type { ProgressListener } from './progress';

/** The files a job writes beside the branch. */
export interface JobArtifacts {
  reportJson: string;
  reportMd: string;
  patch: string;
}

export interface DeliveryInput {
  jobId: string;
  snapshot: RepoSnapshot;
  outDir: string;
  dataDir: string;
  /** When the job started, so that the report's duration includes delivery. */
  startedAt: number;
  /** The report's records, all but the delivery and the duration, which this adds. */
  report: Omit<ReportInput, 'delivery' | 'durationMs'>;
  /** The selected tests, file by file, as selectedFiles gives them. */
  files: Map<string, string>;
  /** Test files Attest delivered earlier whose targets are gone: the patch removes them. */
  remove?: string[];
  /** Push and pull request; none when unset. */
  remote?: RemoteDelivery;
  /** The ref the job read: the pull request's base. */
  ref: string | null;
  /** Asked before the branch is made and before it is pushed: false stops the job (JobRequest). */
  stillWanted?: () => Promise<boolean>;
}

/**
 * Deliver and report: commits the selected tests on `attest/<job-id>`, writes the patch, pushes
 * the branch and opens a pull request where asked (its body is the report as it stands before
 * the pull request exists), and renders report.json and report.md with where the tests went.
 */
export async function deliverJob(
  input: DeliveryInput,
  progress: ProgressListener,
): Promise<{ report: Report; files: JobArtifacts }> {
  const { jobId, snapshot, outDir, report: records, files } = input;
  await fs.mkdir(outDir, { recursive: true });
  const out: JobArtifacts = {
    reportJson: path.join(outDir, 'report.json'),
    reportMd: path.join(outDir, 'report.md'),
    patch: path.join(outDir, 'tests.patch'),
  };
  progress({ type: 'progress', stage: 'deliver', message: `${files.size} test files` });
  // A cancelled job leaves nothing behind: no branch, no push.
  const proceed = async () => {
    if (input.stillWanted && !(await input.stillWanted()))
      throw new RunAborted('the job was cancelled before its tests were delivered');
  };
  await proceed();
  const remove = input.remove ?? [];
  const delivered =
    files.size || remove.length
      ? await deliverBranch({
          snapshot,
          branch: `attest/${jobId}`,
          files,
          remove,
          message: commitMessage(jobId, records.selected.length, records.targets.length),
          dataDir: input.dataDir,
        })
      : null;
  await fs.writeFile(out.patch, delivered?.patch ?? '');
  const local = {
    repository: delivered?.repository ?? null,
    branch: delivered?.branch ?? null,
    commit: delivered?.commit ?? null,
    patch: out.patch,
  };
  const reportWith = (remote: typeof NOT_DELIVERED) =>
    buildReport({
      ...records,
      delivery: { ...local, ...remote },
      durationMs: Date.now() - input.startedAt,
    });
  if (delivered && input.remote?.push) await proceed();
  const remote =
    delivered && input.remote?.push
      ? await deliverRemote(
          {
            repository: delivered.repository,
            branch: delivered.branch,
            sourceUrl: snapshot.source.kind === 'url' ? snapshot.source.url : null,
            base: input.ref,
            title: `Attest: ${records.verdicts.filter((v) => v.status === 'accepted').length} verified tests`,
            body: renderReportMarkdown(reportWith(NOT_DELIVERED)),
            comment: (pullRequestUrl) =>
              renderPullRequestComment(reportWith(NOT_DELIVERED), pullRequestUrl),
          },
          input.remote,
        )
      : NOT_DELIVERED;
  const report = reportWith(remote);
  progress({ type: 'progress', stage: 'report', message: out.reportMd });
  await fs.writeFile(out.reportJson, JSON.stringify(report, null, 2));
  await fs.writeFile(out.reportMd, renderReportMarkdown(report));
  return { report, files: out };
}

/** Each candidate file with only its selected tests, under the name it is delivered as. */
export function selectedFiles(candidates: Candidate[], selected: Verdict[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const candidate of candidates) {
    const names = new Set(selected.filter((v) => v.file === candidate.file).map((v) => v.name));
    if (names.size === 0) continue;
    const text = keepTests(candidate.text, candidate.file, names);
    if (text) files.set(candidate.deliverAs, text);
  }
  return files;
}

function commitMessage(jobId: string, tests: number, targets: number): string {
  return `Add ${tests} tests verified by Attest\n\nJob ${jobId}: ${targets} targets. Each test passed Attest's independent gate (static, compile, pass, stable, hollow, mutation, added value); see report.md.`;
}
