import type { Queue } from 'bull';
import type { RunnerAccess } from '../../pipeline/judge';
import type { CoverageRequest } from '../../verify/coverage-run';
import type { VerifyRequest, VerifyResult } from '../../verify/verify-candidates';

/** A batch of candidates as the runner queue carries it: data only, no function, no key. */
export interface VerifyJobData extends Omit<VerifyRequest, 'isRepoModule' | 'candidateTexts'> {
  candidateTexts: [string, string][];
  packageName: string | null;
}

/** A coverage run as the runner queue carries it. */
export interface CoverageJobData extends Omit<CoverageRequest, 'tests'> {
  tests: [string, string][];
}
export type CoverageJobResult = [string, { line: number; covered: boolean }[]][];
export const COVERAGE_JOB = 'coverage';

/** Finished runner jobs kept for Bull Board; older ones are dropped. */
const KEEP_FINISHED = 200;

/**
 * Runs tests through the runner queue: a batch of candidates (or a coverage run) goes to
 * whichever runner takes it, and the verdicts come back as the job's result. A runner that
 * dies mid-batch leaves the job stalled, and Bull gives it to another.
 */
export function queuedRunner(queue: Queue): RunnerAccess {
  const kept = { removeOnComplete: KEEP_FINISHED, removeOnFail: KEEP_FINISHED };
  const verify: RunnerAccess['verify'] = async (request, packageName) => {
    // The matcher is a function and cannot travel; the runner rebuilds it from packageName.
    const data: VerifyJobData = {
      root: request.root,
      files: request.files,
      codeFiles: request.codeFiles,
      candidates: request.candidates,
      candidateTexts: [...(request.candidateTexts ?? new Map<string, string>())],
      existingTests: request.existingTests,
      limits: request.limits,
      focus: request.focus,
      packageName,
    };
    const job = await queue.add(data, kept);
    return (await job.finished()) as VerifyResult;
  };
  const measure: RunnerAccess['measure'] = async (request) => {
    const data: CoverageJobData = {
      root: request.root,
      files: request.files,
      tests: [...request.tests],
      limits: request.limits,
      codeFiles: request.codeFiles,
    };
    const job = await queue.add(COVERAGE_JOB, data, kept);
    return new Map((await job.finished()) as CoverageJobResult);
  };
  return { verify, measure };
}
