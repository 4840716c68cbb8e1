import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { repoModuleMatcher } from '../../pipeline/judge';
import { verifyCandidates, type VerifyResult } from '../../verify/verify-candidates';
import { VERIFY_QUEUE } from '../tokens';
import type { VerifyJobData } from './verify-queue';

const CONCURRENCY = Number(process.env.ATTEST_RUNNER_CONCURRENCY ?? 1) || 1;

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
}
