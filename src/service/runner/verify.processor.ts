import { InjectQueue } from '@nestjs/bull';
import { Inject, type OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AttestConfig } from '../../core/attest-config';
import type { DeliveryCheck, VerifyResult } from '../../core/verification';
import { measureCoverage } from '../../verify/coverage-run';
import { checkDelivery } from '../../verify/delivery-check';
import { abortable } from '../../verify/run-scope';
import { verifyCandidates } from '../../verify/verification';
import type { ServiceConfig } from '../service-config';
import { ATTEST_CONFIG, SERVICE_CONFIG, VERIFY_QUEUE } from '../tokens';
import {
  CHECK_JOB,
  COVERAGE_JOB,
  type CheckJobData,
  type CoverageJobData,
  type CoverageJobResult,
  type VerifyJobData,
  isStopped,
} from './verify-queue';

/** How often a runner asks whether the job it runs for was cancelled. */
const STOP_POLL_MS = 250;

/**
 * The runner role: judges candidate batches from its queue. It needs the snapshot (the shared
 * data directory) and no model key; its child processes never get one.
 */
export class VerifyProcessor implements OnModuleInit {
  constructor(
    @Inject(ATTEST_CONFIG) private readonly config: AttestConfig,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    @InjectQueue(VERIFY_QUEUE) private readonly queue: Queue,
  ) {}

  /** Takes batches and coverage runs with the concurrency of the service's configuration. */
  onModuleInit(): void {
    const concurrency = this.service.runnerConcurrency;
    void this.queue.process(concurrency, (job: Job<VerifyJobData>) =>
      this.stoppable(job, () => this.handle(job)),
    );
    void this.queue.process(COVERAGE_JOB, concurrency, (job: Job<CoverageJobData>) =>
      this.stoppable(job, () => this.coverage(job)),
    );
    void this.queue.process(CHECK_JOB, concurrency, (job: Job<CheckJobData>) =>
      this.stoppable(job, () => this.check(job)),
    );
  }

  /**
   * Runs a runner job so that a stop from the job it serves (a cancel) kills its test
   * processes at once: they run in an abortable scope, and the stop mark is checked every
   * quarter second.
   */
  private async stoppable<T>(job: Job, work: () => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const watch = setInterval(() => {
      // A check that fails (Redis away) is only a check missed.
      void isStopped(this.queue, job.id).then(
        (stopped) => stopped && controller.abort(),
        () => {},
      );
    }, STOP_POLL_MS);
    try {
      if (await isStopped(this.queue, job.id)) controller.abort();
      return await abortable(controller.signal, work);
    } finally {
      clearInterval(watch);
    }
  }

  handle(job: Job<VerifyJobData>): Promise<VerifyResult> {
    return verifyCandidates(job.data, this.config.runner, (step) => {
      void job.progress(step);
    });
  }

  /** The delivery check: a job's kept tests, run by the repository's own runner. */
  check(job: Job<CheckJobData>): Promise<DeliveryCheck> {
    return checkDelivery({ ...job.data, tests: new Map(job.data.tests) }, this.config.runner);
  }

  /** The coverage run of a job's kept tests, for its report. */
  async coverage(job: Job<CoverageJobData>): Promise<CoverageJobResult> {
    const request = { ...job.data, tests: new Map(job.data.tests) };
    return [...(await measureCoverage(request, this.config.runner))];
  }
}
