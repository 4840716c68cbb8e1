import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { InjectQueue } from '@nestjs/bull';
import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AttestConfig } from '../../core/attest-config';
import type { RepoSource } from '../../core/repo-snapshot';
import type { RemoteDelivery } from '../../deliver/deliver-remote';
import type { RunnerAccess } from '../../pipeline/judge';
import { STAGES, type ProgressEvent, type Stage } from '../../pipeline/progress';
import { requestOf, runJob, type JobResult } from '../../pipeline/run-job';
import type { ServiceConfig } from '../service-config';
import { queuedRunner } from '../runner/verify-queue';
import { abortable } from '../../verify/run-scope';
import { ATTEST_CONFIG, GENERATE_QUEUE, JOB_STORE, SERVICE_CONFIG, VERIFY_QUEUE } from '../tokens';
import { pinnedGitConnections } from '../../acquire/connect-guard';
import { callBack, endJob } from './end-job';
import type { JobRecord } from './job-record';
import type { JobStore } from './job-store';
import { sweepDataDir } from './retention';

/** Thrown at a stage boundary of a job whose cancel was requested. */
class JobCancelled extends Error {}

/** Thrown at the next event of a job whose worker is stopping: the job goes back to the queue. */
class WorkerStopping extends Error {
  constructor() {
    super('the worker stopped before the job ended; it runs again on the next worker');
  }
}

const CANCEL_POLL_MS = 300;

/** How long a cancel waits for the pipeline to unwind and remove its clone (the page promises 5 s). */
const UNWIND_WAIT_MS = 2_000;

/**
 * The generate worker: runs the pipeline for each job of the queue and records how it went. It
 * takes jobs with the concurrency of the service's configuration, registered at start.
 */
export class GenerateProcessor implements OnModuleInit, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | undefined;
  private readonly log = new Logger('worker');
  /** Set when the service stops: running jobs stop at their next event and go back to the queue. */
  private draining = false;
  private readonly running = new Set<Promise<void>>();

  /** Tests go to the runner role through its queue, never run here. */
  private readonly runner: RunnerAccess;

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(ATTEST_CONFIG) private readonly config: AttestConfig,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    @InjectQueue(GENERATE_QUEUE) private readonly queue: Queue,
    @InjectQueue(VERIFY_QUEUE) verifyQueue: Queue,
  ) {
    this.runner = queuedRunner(verifyQueue);
  }

  /**
   * Takes jobs from the queue, and sweeps the data directory of what outlived the retention
   * time, now and every hour.
   */
  onModuleInit(): void {
    void this.queue.process(this.service.workerConcurrency, (job: Job<{ id: string }>) => {
      const run = this.handle(job);
      this.running.add(run);
      return run.finally(() => this.running.delete(run));
    });
    const sweep = () =>
      void sweepDataDir(this.config.dataDir, this.service.retentionSeconds).then(
        (removed) => removed.length && this.log.log({ removed: removed.length, msg: 'swept' }),
        (error: unknown) => this.log.warn({ error: String(error), msg: 'sweep failed' }),
      );
    sweep();
    this.sweeper = setInterval(sweep, 3_600_000).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Stops taking jobs, and stops the running ones at their next event: each goes back to the
   * queue (its record to queued), for another worker or this one's next start. Waits for them
   * up to `timeoutMs`; a job still running then is left to Bull's stall check, as if the worker
   * had died.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    await this.queue.pause(true, true);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    if (this.running.size)
      this.log.warn({ running: this.running.size, msg: 'jobs still running at shutdown' });
  }

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
      step: null,
      startedAt: new Date().toISOString(),
    });
    this.log.log({ jobId: id, attempt: record.attempts + 1, msg: 'job running' });
    // A cancel stops the job at once: the wait on its runner jobs ends, their test processes
    // are killed (run-scope.ts), and the job is recorded cancelled without waiting for the
    // pipeline to reach its next event, which it will not pass.
    const abort = new AbortController();
    const aborted = new Promise<never>((_resolve, reject) =>
      abort.signal.addEventListener('abort', () => reject(new JobCancelled()), { once: true }),
    );
    aborted.catch(() => {});
    const poll = setInterval(() => {
      // A poll that fails (Redis away) is only a poll missed.
      void this.store.cancelRequested(id).then(
        (yes) => yes && abort.abort(),
        () => {},
      );
    }, CANCEL_POLL_MS);
    // Progress writes go in order, and all land before the job's last write.
    let writes = Promise.resolve();
    let stage: Stage = 'acquire';
    const onProgress = (event: ProgressEvent) => {
      if (abort.signal.aborted) throw new JobCancelled();
      if (this.draining) throw new WorkerStopping();
      stage = event.stage;
      const patch = recordPatch(event);
      writes = writes.then(async () => {
        await this.store.appendEvent(id, event);
        if (patch) await this.store.update(id, patch);
      });
    };
    let pipeline: Promise<JobResult> | undefined;
    try {
      pipeline = abortable(abort.signal, () =>
        runJob(
          {
            source: sourceOf(record),
            jobId: id,
            outDir: path.join(this.config.dataDir, 'jobs', id),
            ...requestOf(record.request.options),
            // The operator's budget is a cap, also for a record stored before it was checked.
            budgetUsd: Math.min(
              record.request.options.budgetUsd ?? this.config.budgetUsd,
              this.config.budgetUsd,
            ),
            models: this.modelsFor(record),
            runner: this.runner,
            // The URL was checked when the job was submitted; what its name resolves to may have
            // changed since, so the clone connects only to an address checked now.
            connectGuard: pinnedGitConnections(this.service.allowPrivateUrls),
            remote: this.remoteFor(record),
            // The cancel poll may not have run since the user asked: delivery asks Redis itself.
            stillWanted: async () => {
              if (abort.signal.aborted) return false;
              if (!(await this.store.cancelRequested(id))) return true;
              abort.abort();
              return false;
            },
            onProgress,
          },
          this.config,
        ),
      );
      // The pipeline, left behind by a cancel, ends at its next event or runner call.
      pipeline.catch(() => {});
      const result = await Promise.race([pipeline, aborted]);
      await writes;
      const { totals, delivery } = result.report;
      await this.finish(id, {
        state: 'completed',
        progress: 100,
        outDir: result.outDir,
        summary: {
          accepted: totals.accepted,
          conflicts: totals.conflicts,
          costUsd: totals.costUsd,
          delivery,
        },
      });
      this.log.log({ jobId: id, accepted: totals.accepted, msg: 'job completed' });
    } catch (error) {
      await writes.catch(() => {});
      if (abort.signal.aborted || error instanceof JobCancelled) {
        // The pipeline unwinds at its next event or runner call and removes its clone: a
        // moment's wait lets a cancelled job leave nothing behind, without delaying the cancel.
        await Promise.race([pipeline?.catch(() => {}), delay(UNWIND_WAIT_MS)]);
        await this.finish(id, { state: 'cancelled' });
        this.log.log({ jobId: id, msg: 'job cancelled' });
        return;
      }
      if (error instanceof WorkerStopping) {
        await this.store.update(id, { state: 'queued', stage: null, progress: 0, step: null });
        await this.store.appendEvent(id, {
          type: 'log',
          stage,
          message: error.message,
          level: 'warn',
        });
        this.log.log({ jobId: id, msg: 'job handed back' });
        // Bull's retry puts the job back in the queue (its attempts allow for it).
        throw error;
      }
      const message = error instanceof Error ? error.message : String(error);
      await this.finish(id, { state: 'failed', error: message });
      this.log.warn({ jobId: id, error: message, msg: 'job failed' });
    } finally {
      clearInterval(poll);
    }
  }

  /**
   * A URL job's branch is pushed back to its URL unless it says push: false, and a pull request
   * opened when that remote is on GitHub, unless it says pullRequest: false.
   */
  private remoteFor(record: JobRecord): RemoteDelivery {
    const deliver = record.request.options.deliver ?? {};
    return {
      push: record.request.repo.url !== undefined && deliver.push !== false,
      pullRequest: deliver.pullRequest ?? 'auto',
      remoteBranch: deliver.branch,
      commentOn: deliver.commentOn,
      token: this.config.gitToken,
      githubApiUrl: this.config.githubApiUrl,
    };
  }

  private async finish(id: string, patch: Parameters<typeof endJob>[2]): Promise<void> {
    await endJob(this.store, id, patch);
    const outcome = await callBack(this.store, this.service, id);
    if (outcome && !outcome.delivered)
      this.log.warn({ jobId: id, reason: outcome.reason, msg: 'callback not delivered' });
  }

  private modelsFor(record: JobRecord): AttestConfig['models'] {
    const names = record.request.options.models;
    return names
      ? this.config.models.filter((m) => names.includes(m.spec.name))
      : this.config.models;
  }
}

/**
 * What an event changes in the job's record: a stage's start resets its step, a step with a
 * count moves the percent within its stage. Verdicts, rounds and the rest only go to the stream.
 */
export function recordPatch(event: ProgressEvent): Partial<JobRecord> | null {
  if (event.type !== 'progress' && event.type !== 'stage-started') return null;
  const done = event.type === 'progress' ? (event.done ?? null) : null;
  const total = event.type === 'progress' ? (event.total ?? null) : null;
  const within = done !== null && total ? Math.min(done / total, 1) : 0;
  return {
    stage: event.stage,
    progress: Math.floor(((STAGES.indexOf(event.stage) + within) / STAGES.length) * 100),
    step: { message: event.message, done, total },
  };
}

function sourceOf(record: JobRecord): RepoSource {
  const { url, path: local, ref } = record.request.repo;
  if (url) return ref ? { kind: 'url', url, ref } : { kind: 'url', url };
  return { kind: 'path', path: local! };
}
