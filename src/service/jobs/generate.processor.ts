import path from 'node:path';
import { Process, Processor } from '@nestjs/bull';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bull';
import type { AttestConfig } from '../../core/attest-config';
import type { RepoSource } from '../../core/repo-snapshot';
import { pushBranch } from '../../deliver/push-branch';
import { STAGES, type ProgressEvent } from '../../pipeline/progress';
import { runJob } from '../../pipeline/run-job';
import { ATTEST_CONFIG, GENERATE_QUEUE, JOB_STORE } from '../tokens';
import type { JobRecord } from './job-record';
import type { JobStore } from './job-store';

/** Thrown at a stage boundary of a job whose cancel was requested. */
class JobCancelled extends Error {}

const CONCURRENCY = Number(process.env.ATTEST_WORKER_CONCURRENCY ?? 1) || 1;
const CANCEL_POLL_MS = 300;

/** The generate worker: runs the pipeline for each job of the queue and records how it went. */
@Processor(GENERATE_QUEUE)
export class GenerateProcessor {
  private readonly log = new Logger('worker');

  /** For pushes to https remotes; read once, never stored or logged. */
  private readonly gitToken = process.env.ATTEST_GIT_TOKEN ?? process.env.GITHUB_TOKEN;

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(ATTEST_CONFIG) private readonly config: AttestConfig,
  ) {}

  @Process({ concurrency: CONCURRENCY })
  async handle(job: Job<{ id: string }>): Promise<void> {
    const { id } = job.data;
    const record = await this.store.get(id);
    if (!record || record.state === 'completed' || record.state === 'cancelled') return;
    if (await this.store.cancelRequested(id)) return this.finish(id, { state: 'cancelled' });
    // Every stage can run again: a job taken up after its worker died starts from a fresh clone,
    // and its branch is pushed with force, since it is the job's own.
    await this.store.countAttempt(id);
    await this.store.update(id, {
      state: 'running',
      stage: 'acquire',
      progress: 0,
      startedAt: new Date().toISOString(),
    });
    this.log.log(`job ${id}: running`);
    let cancelled = false;
    const poll = setInterval(() => {
      void this.store.cancelRequested(id).then((yes) => (cancelled ||= yes));
    }, CANCEL_POLL_MS);
    // Progress writes go in order, and all land before the job's last write.
    let writes = Promise.resolve();
    const onProgress = (event: ProgressEvent) => {
      if (cancelled) throw new JobCancelled();
      const progress = Math.round((STAGES.indexOf(event.stage) / STAGES.length) * 100);
      writes = writes.then(() => this.store.update(id, { stage: event.stage, progress }));
    };
    try {
      const result = await runJob(
        {
          source: sourceOf(record),
          jobId: id,
          outDir: path.join(this.config.dataDir, 'jobs', id),
          targets: record.request.options.targets,
          budgetUsd: record.request.options.budgetUsd,
          models: this.modelsFor(record),
          onProgress,
        },
        this.config,
      );
      await writes;
      const { totals, delivery } = result.report;
      const pushed = await this.push(record, delivery);
      await this.finish(id, {
        state: 'completed',
        progress: 100,
        outDir: result.outDir,
        summary: {
          accepted: totals.accepted,
          conflicts: totals.conflicts,
          costUsd: totals.costUsd,
          branch: pushed.branch ?? delivery.branch,
          pushedTo: pushed.to,
          pullRequestUrl: delivery.pullRequestUrl,
          deliveryNote: pushed.note,
        },
      });
      this.log.log(`job ${id}: completed, ${totals.accepted} tests accepted`);
    } catch (error) {
      await writes.catch(() => {});
      if (error instanceof JobCancelled) {
        await this.finish(id, { state: 'cancelled' });
        this.log.log(`job ${id}: cancelled`);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.finish(id, { state: 'failed', error: message });
      this.log.warn(`job ${id}: failed: ${message}`);
    } finally {
      clearInterval(poll);
    }
  }

  /** Pushes the branch to the remote a URL job came from, unless the job says push: false. */
  private async push(
    record: JobRecord,
    delivery: { repository: string | null; branch: string | null },
  ): Promise<{ to: string | null; branch: string | null; note: string | null }> {
    const { url } = record.request.repo;
    const wanted = record.request.options.deliver?.push !== false;
    if (!url || !wanted || !delivery.repository || !delivery.branch)
      return { to: null, branch: null, note: null };
    const remoteBranch = record.request.options.deliver?.branch ?? delivery.branch;
    const result = await pushBranch({
      repository: delivery.repository,
      branch: delivery.branch,
      url,
      remoteBranch,
      token: this.gitToken,
    });
    return result.pushed
      ? { to: url, branch: remoteBranch, note: null }
      : {
          to: null,
          branch: null,
          note: `the branch was not pushed (${result.reason}); the tests are in the patch and on ${delivery.branch} in the server's data directory`,
        };
  }

  private finish(id: string, patch: Partial<JobRecord>): Promise<void> {
    return this.store.update(id, { ...patch, finishedAt: new Date().toISOString() });
  }

  private modelsFor(record: JobRecord): AttestConfig['models'] {
    const names = record.request.options.models;
    return names
      ? this.config.models.filter((m) => names.includes(m.spec.name))
      : this.config.models;
  }
}

function sourceOf(record: JobRecord): RepoSource {
  const { url, path: local, ref } = record.request.repo;
  if (url) return ref ? { kind: 'url', url, ref } : { kind: 'url', url };
  return { kind: 'path', path: local! };
}
