import { promises as fs } from 'node:fs';
import path from 'node:path';
import { acquireRepo } from '../acquire/acquire-repo';
import { describeRepoSource } from '../acquire/repo-source';
import type { AttestConfig, ConfiguredModel } from '../core/attest-config';
import type { Report } from '../core/report';
import type { RepoSource } from '../core/repo-snapshot';
import type { Target } from '../core/target';
import { deliverBranch } from '../deliver/deliver-branch';
import { keepTests } from '../deliver/keep-tests';
import { renderReportMarkdown } from '../deliver/render-report';
import { Budget } from '../generate/budget';
import type { ChatModel } from '../generate/chat-model';
import { CheapestFirstRouter } from '../generate/cheapest-first-router';
import { ExamplesTier } from '../generate/examples-tier';
import { ModelTier } from '../generate/model-tier';
import { OpenAIChatModel } from '../generate/openai-chat-model';
import type { StyleExample } from '../generate/prompt';
import type { Tier } from '../generate/tier';
import { planTargets } from '../plan/plan-targets';
import { understandRepo, type Understanding } from '../understand/understand-repo';
import type { RunnerLimits } from '../verify/verify-candidates';
import { buildReport } from './build-report';
import { findConflicts } from './find-conflicts';
import { newJobId } from './job-id';
import { jobJudge } from './judge';
import type { ProgressListener } from './progress';
import { indexRepository } from './repository-index';
import { selectTests } from './select-tests';

export interface JobRequest {
  source: RepoSource;
  jobId?: string;
  /** Where report.json, report.md and tests.patch go; `.attest/<job-id>` in the repository by default. */
  outDir?: string;
  targets?: string[];
  testDir?: string;
  /** Cheapest first; defaults to the configuration's. */
  models?: ConfiguredModel[];
  budgetUsd?: number;
  targetBudgetUsd?: number;
  repairRounds?: number;
  runnerLimits?: Partial<RunnerLimits>;
  /** The edge to a model; the real one is LangChain's ChatOpenAI. */
  chatModelFor?: (model: ConfiguredModel) => ChatModel;
  onProgress?: ProgressListener;
}

/** What a job leaves behind, for the CLI's summary and the service's job record. */
export interface JobResult {
  jobId: string;
  report: Report;
  outDir: string;
  files: { reportJson: string; reportMd: string; patch: string };
}

/**
 * Runs one job through every stage: acquire, understand, index, plan, generate and verify
 * (the router), select, deliver and report. The clone of a URL is kept, since it holds the
 * branch; a local repository is read in place and only gains a branch.
 */
export async function runJob(request: JobRequest, config: AttestConfig): Promise<JobResult> {
  const started = Date.now();
  const jobId = request.jobId ?? newJobId();
  const progress = request.onProgress ?? (() => {});
  progress({ stage: 'acquire', message: describeRepoSource(request.source) });
  const acquired = await acquireRepo(request.source, config);
  try {
    const { snapshot } = acquired;
    progress({ stage: 'understand', message: `${snapshot.files.length} files` });
    const understanding = await understandRepo(snapshot);
    progress({
      stage: 'index',
      message: `${understanding.symbols.length} symbols, ${understanding.requirements.length} requirements`,
    });
    const { retriever } = await indexRepository(snapshot, understanding, config);
    const targets = await planTargets(understanding, retriever, {
      targets: request.targets,
      testDir: request.testDir,
    });
    progress({ stage: 'plan', message: `${targets.length} targets`, total: targets.length });
    const known = new Set(understanding.requirements.map((r) => r.id));
    const judge = jobJudge(snapshot, understanding, request.runnerLimits);
    let batch = 0;
    const judgeWithProgress = async (candidates: Parameters<typeof judge.judge>[0]) => {
      batch += 1;
      progress({
        stage: 'verify',
        message: `batch ${batch}: ${candidates.length} candidate files`,
      });
      return judge.judge(candidates);
    };
    const router = new CheapestFirstRouter(
      tiersFor(request, config, understanding),
      judgeWithProgress,
      new Budget(
        request.budgetUsd ?? config.budgetUsd,
        request.targetBudgetUsd ?? config.targetBudgetUsd,
      ),
      known,
      {
        repairRounds: request.repairRounds ?? 1,
        onRound: (tier, round, count) =>
          progress({
            stage: 'generate',
            message: `${tier.origin}${round ? ` repair round ${round}` : ''}: ${count} targets`,
          }),
      },
    );
    const routed = await router.route(targets);
    const conflicts = await findConflicts(
      targets,
      routed.candidates,
      routed.verdicts,
      { ...judge, judge: judgeWithProgress },
      known,
    );
    const selected = selectTests(routed.verdicts);
    progress({
      stage: 'select',
      message: `${selected.length} of ${routed.verdicts.filter((v) => v.status === 'accepted').length} accepted tests kept`,
    });
    const files = selectedFiles(routed.candidates, selected);
    const outDir = path.resolve(request.outDir ?? path.join(snapshot.root, '.attest', jobId));
    await fs.mkdir(outDir, { recursive: true });
    const out = {
      reportJson: path.join(outDir, 'report.json'),
      reportMd: path.join(outDir, 'report.md'),
      patch: path.join(outDir, 'tests.patch'),
    };
    progress({ stage: 'deliver', message: `${files.size} test files` });
    const delivered = files.size
      ? await deliverBranch({
          snapshot,
          branch: `attest/${jobId}`,
          files,
          message: commitMessage(jobId, selected.length, targets),
          dataDir: config.dataDir,
        })
      : null;
    await fs.writeFile(out.patch, delivered?.patch ?? '');
    const report = buildReport({
      source: describeRepoSource(request.source),
      commit: snapshot.commit,
      targets,
      candidates: routed.candidates,
      verdicts: routed.verdicts,
      selected,
      conflicts,
      calls: routed.calls,
      mutants: judge.mutants(),
      skipped: routed.skipped,
      unavailableTiers: routed.unavailableTiers,
      delivery: {
        repository: delivered?.repository ?? null,
        branch: delivered?.branch ?? null,
        commit: delivered?.commit ?? null,
        patch: out.patch,
        pullRequestUrl: null,
      },
      testDir: targets[0]?.testDir ?? request.testDir ?? 'test/attest',
      durationMs: Date.now() - started,
    });
    progress({ stage: 'report', message: out.reportMd });
    await fs.writeFile(out.reportJson, JSON.stringify(report, null, 2));
    await fs.writeFile(out.reportMd, renderReportMarkdown(report));
    return { jobId, report, outDir, files: out };
  } catch (error) {
    await acquired.dispose();
    throw error;
  } finally {
    if (request.source.kind === 'path') await acquired.dispose();
  }
}

function tiersFor(request: JobRequest, config: AttestConfig, understanding: Understanding): Tier[] {
  const chat = request.chatModelFor ?? ((m: ConfiguredModel) => new OpenAIChatModel(m));
  const style = styleExamples(understanding);
  return [
    new ExamplesTier(),
    ...(request.models ?? config.models).map((m) => new ModelTier(m, chat(m), style)),
  ];
}

/** One or two of the repository's own tests, those of the target first, cut to a readable length. */
function styleExamples(understanding: Understanding): (target: Target) => StyleExample[] {
  const jest = understanding.tests.filter(
    (t) => t.framework === 'jest' || t.framework === 'unknown',
  );
  return (target) =>
    [...jest.filter((t) => t.symbolIds.includes(target.id)), ...jest]
      .filter((t, i, all) => all.indexOf(t) === i)
      .slice(0, 2)
      .map((t) => ({
        file: t.file,
        text: (understanding.sources.get(t.file) ?? '').split('\n').slice(0, 60).join('\n'),
      }));
}

/** Each candidate file with only its selected tests; files with none are left out. */
function selectedFiles(
  candidates: { file: string; deliverAs: string; text: string }[],
  selected: { file: string; name: string }[],
): Map<string, string> {
  const files = new Map<string, string>();
  for (const candidate of candidates) {
    const names = new Set(selected.filter((v) => v.file === candidate.file).map((v) => v.name));
    if (names.size === 0) continue;
    const text = keepTests(candidate.text, candidate.file, names);
    if (text) files.set(candidate.deliverAs, text);
  }
  return files;
}

function commitMessage(jobId: string, tests: number, targets: Target[]): string {
  return `Add ${tests} tests verified by Attest\n\nJob ${jobId}: ${targets.length} targets. Each test passed Attest's independent gate (static, compile, pass, stable, hollow, mutation, added value); see report.md.`;
}
