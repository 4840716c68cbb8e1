import type { Queue } from 'bull';
import type { Verifier } from '../../pipeline/judge';
import type { VerifyRequest, VerifyResult } from '../../verify/verify-candidates';

/** A batch of candidates as the runner queue carries it: data only, no function, no key. */
export interface VerifyJobData extends Omit<VerifyRequest, 'isRepoModule' | 'candidateTexts'> {
  candidateTexts: [string, string][];
  packageName: string | null;
}

/** Finished runner jobs kept for Bull Board; older ones are dropped. */
const KEEP_FINISHED = 200;

/**
 * Judges candidates through the runner queue: the batch goes to whichever runner takes it,
 * and the verdicts come back as the job's result. A runner that dies mid-batch leaves the job
 * stalled, and Bull gives it to another.
 */
export function queuedVerifier(queue: Queue<VerifyJobData>): Verifier {
  return async (request, packageName) => {
    // The matcher is a function and cannot travel; the runner rebuilds it from packageName.
    const data: VerifyJobData = {
      root: request.root,
      files: request.files,
      codeFiles: request.codeFiles,
      candidates: request.candidates,
      candidateTexts: [...(request.candidateTexts ?? new Map<string, string>())],
      existingTests: request.existingTests,
      limits: request.limits,
      packageName,
    };
    const job = await queue.add(data, {
      removeOnComplete: KEEP_FINISHED,
      removeOnFail: KEEP_FINISHED,
    });
    return (await job.finished()) as VerifyResult;
  };
}
