import { Inject } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import type { AttestConfig } from '../../core/attest-config';
import type { VerifyResult } from '../../core/verification';
import { measureCoverage } from '../../verify/coverage-run';
import { verifyCandidates } from '../../verify/verification';
import { concurrencyFrom } from '../service-config';
import { ATTEST_CONFIG, VERIFY_QUEUE } from '../tokens';
import {
  COVERAGE_JOB,
  type CoverageJobData,
  type CoverageJobResult,
  type VerifyJobData,
} from './verify-queue';

const CONCURRENCY = concurrencyFrom('ATTEST_RUNNER_CONCURRENCY');

/**
 * The runner role: judges candidate batches from its queue. It needs the snapshot (the shared
 * data directory) and no model key; its child processes never get one.
 */
@Processor(VERIFY_QUEUE)
export class VerifyProcessor {
  constructor(@Inject(ATTEST_CONFIG) private readonly config: AttestConfig) {}

  @Process({ concurrency: CONCURRENCY })
  handle(job: Job<VerifyJobData>): Promise<VerifyResult> {
    return verifyCandidates(job.data, this.config.runner);
  }

  /** The coverage run of a job's kept tests, for its report. */
  @Process({ name: COVERAGE_JOB, concurrency: CONCURRENCY })
  async coverage(job: Job<CoverageJobData>): Promise<CoverageJobResult> {
    const request = { ...job.data, tests: new Map(job.data.tests) };
    return [...(await measureCoverage(request, this.config.runner))];
  }
}
