import type { Queue } from 'bull';
import type { StatementCoverage } from '../../core/mutant';
import type {
  CoverageRequest,
  DeliveryCheck,
  DeliveryCheckRequest,
  VerifyRequest,
  VerifyResult,
} from '../../core/verification';
import type { RunnerAccess } from '../../pipeline/judge';

/** A batch of candidates as the runner queue carries it: the request is data already. */
export type VerifyJobData = VerifyRequest;

/** A coverage run as the runner queue carries it. */
export interface CoverageJobData extends Omit<CoverageRequest, 'tests'> {
  tests: [string, string][];
}
export type CoverageJobResult = [string, { line: number; covered: boolean }[]][];
export const COVERAGE_JOB = 'coverage';

/** A delivery check as the runner queue carries it. */
export interface CheckJobData extends Omit<DeliveryCheckRequest, 'tests'> {
  tests: [string, string][];
}
export const CHECK_JOB = 'delivery-check';

/** Finished runner jobs kept for Bull Board; older ones are dropped. */
const KEEP_FINISHED = 200;

/**
 * Runs tests through the runner queue: a batch of candidates (or a coverage run) goes to
 * whichever runner takes it, and the verdicts come back as the job's result. A runner that
 * dies mid-batch leaves the job stalled, and Bull gives it to another.
 */
export function queuedRunner(queue: Queue): RunnerAccess {
  const kept = { removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED };
  return {
    async verify(request, onProgress): Promise<VerifyResult> {
      const job = await queue.add(request satisfies VerifyJobData, kept);
      // The runner reports its long steps as the job's progress, from whichever process took it.
      const listener = (id: string | number, progress: { message?: unknown }) => {
        if (String(id) === String(job.id) && typeof progress?.message === 'string')
          onProgress?.(progress.message);
      };
      void queue.on('global:progress', listener);
      try {
        return (await job.finished()) as VerifyResult;
      } finally {
        queue.removeListener('global:progress', listener);
      }
    },
    async measure(request: CoverageRequest): Promise<StatementCoverage> {
      const data: CoverageJobData = { ...request, tests: [...request.tests] };
      const job = await queue.add(COVERAGE_JOB, data, kept);
      return new Map((await job.finished()) as CoverageJobResult);
    },
    async check(request: DeliveryCheckRequest): Promise<DeliveryCheck> {
      const data: CheckJobData = { ...request, tests: [...request.tests] };
      const job = await queue.add(CHECK_JOB, data, kept);
      return (await job.finished()) as DeliveryCheck;
    },
  };
}
