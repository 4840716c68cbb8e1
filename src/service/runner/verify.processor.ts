import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { repoModuleMatcher } from '../../pipeline/judge';
import { verifyCandidates, type VerifyResult } from '../../verify/verify-candidates';
import { concurrencyFrom } from '../service-config';
import { VERIFY_QUEUE } from '../tokens';
import {
  COVERAGE_JOB,
  type CoverageJobData,
  type CoverageJobResult,
  type VerifyJobData,
} from './verify-queue';
import { measureCoverage } from '../../verify/coverage-run';

const CONCURRENCY = concurrencyFrom('ATTEST_RUNNER_CONCURRENCY');

/**
 * The runner role: judges candidate batches from its queue with the gates of issue 3. It needs
 * the snapshot (the shared data directory) and no model key; its child processes never get one.
 */
@Processor(VERIFY_QUEUE)
export class VerifyProcessor {
  @Process({ concurrency: CONCURRENCY })
  handle(job: Job<VerifyJobData>): Promise<VerifyResult> {
    const { packageName, candidateTexts, ...request } = job.data;
    return verifyCandidates({
      ...request,
      candidateTexts: new Map(candidateTexts),
      isRepoModule: repoModuleMatcher(packageName),
    });
  }

  /** The coverage run of a job's kept tests, for its report. */
  @Process({ name: COVERAGE_JOB, concurrency: CONCURRENCY })
  async coverage(job: Job<CoverageJobData>): Promise<CoverageJobResult> {
    const coverage = await measureCoverage({ ...job.data, tests: new Map(job.data.tests) });
    return [...coverage];
  }
}
