import { promises as fs } from 'node:fs';
import path from 'node:path';
import { acquireRepo } from '../acquire/acquire-repo';
import type { ConnectGuard } from '../acquire/connect-guard';
import { describeRepoSource } from '../acquire/repo-source';
import type { AttestConfig } from '../core/attest-config';
import type { JobOptions } from '../core/job-options';
import { suiteWarning, type DeliveryCheck } from '../core/verification';
import type { Candidate } from '../core/candidate';
import type { Verdict } from '../core/verdict';
import type { Report } from '../core/report';
import type { RepoSource } from '../core/repo-snapshot';
import { planTargets } from '../plan/plan-targets';
import { understandRepo } from '../understand/understand-repo';
import type { RunnerLimits } from '../core/verification';
import type { RemoteDelivery } from '../deliver/deliver-remote';
import { deliverJob, selectedFiles, type JobArtifacts } from './deliver-job';
import { generateTests, type GenerationOptions } from './generate-tests';
import { changeScope } from './change-scope';
import { findDrift, removedTargetsTests } from './delivered-drift';
import { newJobId } from './job-id';
import { workspacePackage } from './workspace-package';
import { exampleAccount } from './example-account';
import { inProcessRunner, jobJudge, type RunnerAccess } from './judge';
import { withStageBounds, type ProgressListener } from './progress';
import { indexRepository } from './repository-index';

export interface JobRequest extends Partial<GenerationOptions> {
  source: RepoSource;
  /**
   * Asked before anything leaves the job (the branch, then the push): false stops it there. A
   * service job's cancel is seen by a poll; this asks at the moment it matters.
   */
  stillWanted?: () => Promise<boolean>;
  jobId?: string;
  /** Where report.json, report.md and tests.patch go; `.attest/<job-id>` in the repository by default. */
  outDir?: string;
  targets?: string[];
  testDir?: string;
  /** A diff job: only the targets that changed since this ref (see change-scope.ts). */
  changedSince?: string;
  /** One package of a workspace (`packages/foo`): its code, tests and docs; the root's install. */
  package?: string;
  runnerLimits?: Partial<RunnerLimits>;
  /** Where tests run: in this process unless given (the service's runner queue). */
  runner?: RunnerAccess;
  /** The service's check of a URL's addresses at connect time (see pinnedGitConnections). */
  connectGuard?: ConnectGuard;
  /** Push the branch and open a pull request; the branch stays local when unset. */
  remote?: RemoteDelivery;
  onProgress?: ProgressListener;
}

/**
 * The request's part that a job's options give (core/job-options.ts), the same from the CLI's
 * flags and from the API's body; the models and the remote are each face's to resolve.
 */
export function requestOf(
  options: Omit<JobOptions, 'models' | 'deliver'>,
): Pick<
  JobRequest,
  | 'targets'
  | 'changedSince'
  | 'package'
  | 'testDir'
  | 'budgetUsd'
  | 'targetBudgetUsd'
  | 'repairRounds'
  | 'maxRounds'
> {
  const { testsDir, ...rest } = options;
  return Object.fromEntries(
    Object.entries({ ...rest, testDir: testsDir }).filter(([, value]) => value !== undefined),
  );
}

/** What a job leaves behind, for the CLI's summary and the service's job record. */
export interface JobResult {
  jobId: string;
  report: Report;
  outDir: string;
  files: JobArtifacts;
}

/**
 * Runs one job through every stage: acquire, understand, index, plan, generate and verify
 * (the router), select, deliver and report. The clone of a URL is kept when it holds the
 * branch; a local repository is read in place and only gains a branch.
 */
export async function runJob(request: JobRequest, config: AttestConfig): Promise<JobResult> {
  const started = Date.now();
  const jobId = request.jobId ?? newJobId();
  const bounds = withStageBounds(request.onProgress ?? (() => {}));
  const progress = bounds.listener;
  progress({ type: 'progress', stage: 'acquire', message: describeRepoSource(request.source) });
  const acquired = await acquireRepo(request.source, config, undefined, request.connectGuard);
  let keepClone = false;
  try {
    const { snapshot } = acquired;
    progress({ type: 'progress', stage: 'understand', message: `${snapshot.files.length} files` });
    const scope = request.package ? workspacePackage(snapshot, request.package) : undefined;
    const understanding = await understandRepo(snapshot, undefined, scope);
    progress({
      type: 'progress',
      stage: 'index',
      message: `${understanding.symbols.length} symbols, ${understanding.requirements.length} requirements`,
    });
    const { retriever } = await indexRepository(snapshot, understanding, config);
    const changes = request.changedSince
      ? await changeScope(request.changedSince, snapshot, understanding)
      : null;
    const plan = await planTargets(understanding, retriever, {
      targets: request.targets,
      testDir: request.testDir,
      scope,
      ...(changes ? { only: new Set(changes.why.keys()) } : {}),
    });
    progress({
      type: 'progress',
      stage: 'plan',
      message: changes
        ? `${plan.targets.length} of ${plan.selectable} targets changed since ${changes.base}`
        : `${plan.targets.length} targets`,
    });
    const judge = jobJudge(
      snapshot,
      understanding,
      plan.targets,
      request.runner ?? inProcessRunner(config.runner),
      request.runnerLimits,
      progress,
    );
    const generated = await generateTests(
      plan.targets,
      understanding,
      judge,
      {
        models: request.models ?? config.models,
        budgetUsd: request.budgetUsd ?? config.budgetUsd,
        targetBudgetUsd: request.targetBudgetUsd ?? config.targetBudgetUsd,
        repairRounds: request.repairRounds ?? 1,
        maxRounds: request.maxRounds ?? config.maxRounds,
        chatModelFor: request.chatModelFor,
      },
      progress,
    );
    const suite = judge.suite();
    if (suite && suite.unloadable.length > 0)
      progress({ type: 'log', level: 'warn', stage: 'verify', message: suiteWarning(suite) });
    // A local repository keeps its reports in its own .attest/; a URL job's clone lives in the
    // data folder, out of the user's sight, so its reports come to the folder the command runs in.
    const outDir = path.resolve(
      request.outDir ??
        path.join(
          await ignoredFolder(request.source.kind === 'url' ? process.cwd() : snapshot.root),
          jobId,
        ),
    );
    // A diff job runs the tests Attest delivered earlier for the targets the change touched:
    // one that now fails is a conflict of the change, and its file stays as it is.
    const drift = changes
      ? await findDrift(
          plan.targets,
          snapshot,
          understanding,
          judge,
          generated.conflicts,
          new Set(selectedFiles(generated.routed.candidates, generated.selected).keys()),
        )
      : null;
    if (drift && drift.tests.length > 0)
      progress({
        type: 'log',
        level: 'warn',
        stage: 'verify',
        message: `${drift.tests.length} test(s) Attest delivered earlier fail on the change: ${drift.tests.map((t) => `${t.file} > ${t.name} (${t.status})`).join('; ')}`,
      });
    const removed = changes
      ? await removedTargetsTests(changes.files, plan, snapshot, understanding)
      : [];
    const deliverAs = new Map(generated.routed.candidates.map((c) => [c.id, c.deliverAs]));
    const deliverable = generated.selected.filter(
      (v) => !drift?.keep.has(deliverAs.get(v.candidateId) ?? ''),
    );
    const chosen = selectedFiles(generated.routed.candidates, deliverable);
    progress({
      type: 'progress',
      stage: 'select',
      message: `delivery check of ${chosen.size} kept test files`,
    });
    const check = await judge.check(chosen);
    // A test that the repository's own runner fails is not delivered: its pull request would be red.
    const selected = withoutFailures(deliverable, generated.routed.candidates, check);
    const kept = asChecked(selectedFiles(generated.routed.candidates, selected), chosen, check);
    progress({
      type: 'progress',
      stage: 'select',
      message: `coverage of ${kept.size} kept test files`,
    });
    const coverage = await judge.coverage(kept);
    const { report, files } = await deliverJob(
      {
        jobId,
        snapshot,
        outDir,
        files: kept,
        remove: removed.map((r) => r.file),
        dataDir: config.dataDir,
        startedAt: started,
        remote: request.remote,
        ...(request.stillWanted ? { stillWanted: request.stillWanted } : {}),
        ref: request.source.kind === 'url' ? (request.source.ref ?? null) : null,
        report: {
          source: describeRepoSource(request.source),
          commit: snapshot.commit,
          targets: plan.targets,
          examples: exampleAccount(understanding.requirements, plan.targets),
          testDir: plan.testDir,
          candidates: generated.routed.candidates,
          verdicts: generated.routed.verdicts,
          selected,
          // The formatted texts are the delivered files themselves: the report names the tool.
          deliveryCheck:
            check.status === 'ran' && check.formatted
              ? { ...check, formatted: { command: check.formatted.command, files: [] } }
              : check,
          conflicts: drift?.conflicts ?? generated.conflicts,
          calls: generated.routed.calls,
          mutants: judge.mutants(),
          filteredMutants: judge.filteredMutants(),
          survivorOutcomes: generated.survivorOutcomes,
          dependencies: judge.dependencies(),
          suite: judge.suite(),
          containment: judge.containment(),
          coverage,
          changes: changes && {
            base: changes.base,
            baseCommit: changes.baseCommit,
            head: snapshot.commit,
            files: changes.files,
            targets: plan.targets.map((t) => ({
              id: t.id,
              name: t.label,
              file: t.symbol.file,
              line: t.symbol.line,
              why: changes.why.get(t.symbol.id) ?? [],
            })),
            targetsInRepository: plan.selectable,
            deliveredTests: [...(drift?.tests ?? []), ...removed],
          },
          skipped: generated.routed.skipped,
          unavailableTiers: generated.routed.unavailableTiers,
        },
      },
      progress,
    );
    keepClone = report.delivery.branch !== null;
    bounds.end();
    return { jobId, report, outDir, files };
  } finally {
    // A local path is never removed; the clone of a URL stays only when it holds the branch.
    if (!keepClone) await acquired.dispose();
  }
}

/** The selected tests less those the delivery check failed (by delivered file and name). */
/**
 * The kept files as the delivery check left them, formatted by the repository's own tools. A
 * file that lost a failed test since is delivered as generated: its formatted text held the
 * test that failed.
 */
function asChecked(
  kept: Map<string, string>,
  chosen: ReadonlyMap<string, string>,
  check: DeliveryCheck,
): Map<string, string> {
  if (check.status !== 'ran' || !check.formatted) return kept;
  const formatted = new Map(check.formatted.files);
  return new Map(
    [...kept].map(([file, text]) => [
      file,
      text === chosen.get(file) ? (formatted.get(file) ?? text) : text,
    ]),
  );
}

function withoutFailures(
  selected: Verdict[],
  candidates: Candidate[],
  check: DeliveryCheck,
): Verdict[] {
  if (check.status !== 'ran' || check.failed.length === 0) return selected;
  const deliveredAs = new Map(candidates.map((c) => [c.id, c.deliverAs]));
  return selected.filter((v) => {
    const file = deliveredAs.get(v.candidateId);
    return !check.failed.some((f) => f.file === file && (f.name === '(file)' || f.name === v.name));
  });
}

/**
 * The repository's `.attest/` folder, where a job's report goes by default, made with a
 * `.gitignore` of `*`: the reports never show in `git status`, nor get committed by mistake.
 */
async function ignoredFolder(root: string): Promise<string> {
  const folder = path.join(root, '.attest');
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(path.join(folder, '.gitignore'), '*\n', { flag: 'wx' }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return folder;
}
