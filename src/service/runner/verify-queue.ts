import type { Job, Queue } from 'bull';
import type { StatementCoverage } from '../../core/mutant';
import type {
  CoverageRequest,
  DeliveryCheck,
  DeliveryCheckRequest,
  VerifyRequest,
  VerifyResult,
} from '../../core/verification';
import type { RunnerAccess } from '../../pipeline/judge';
import { onAbort, RunAborted } from '../../verify/run-scope';
import {
  readCoverageResult,
  readDeliveryCheck,
  readRunnerStep,
  readVerifyResult,
} from './runner-results';

/** A batch of candidates as the runner queue carries it: the request is data already. */
export type VerifyJobData = VerifyRequest;

/** A coverage run as the runner queue carries it. */
export interface CoverageJobData extends Omit<CoverageRequest, 'tests'> {
  tests: [string, string][];
}
export type { CoverageJobResult } from './runner-results';
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
      const listener = (id: string | number, progress: unknown) => {
        const step = readRunnerStep(progress);
        if (String(id) === String(job.id) && step) onProgress?.(step);
      };
      void queue.on('global:progress', listener);
      try {
        return readVerifyResult(await settled(queue, job), String(job.id));
      } finally {
        queue.removeListener('global:progress', listener);
      }
    },
    async measure(request: CoverageRequest): Promise<StatementCoverage> {
      const data: CoverageJobData = { ...request, tests: [...request.tests] };
      const job = await queue.add(COVERAGE_JOB, data, kept);
      return new Map(readCoverageResult(await settled(queue, job), String(job.id)));
    },
    async check(request: DeliveryCheckRequest): Promise<DeliveryCheck> {
      const data: CheckJobData = { ...request, tests: [...request.tests] };
      const job = await queue.add(CHECK_JOB, data, kept);
      return readDeliveryCheck(await settled(queue, job), String(job.id));
    },
  };
}

/** How long a runner job's stop mark lasts: well beyond any run's time limit. */
const STOP_MARK_SECONDS = 3600;

/** The Redis key that tells the runner to stop a job's processes (see VerifyProcessor). */
export const stopMark = (queue: Queue, id: string | number) =>
  // Bull's own key scheme (prefix:queue:suffix), which its typings leave out.
  (queue as Queue & { toKey(suffix: string): string }).toKey(`stop:${String(id)}`);

/**
 * Whether the runner job `id` was stopped by the job that waits for it; the runner checks this
 * while it runs.
 */
export async function isStopped(queue: Queue, id: string | number): Promise<boolean> {
  return (await queue.client.exists(stopMark(queue, id))) === 1;
}

/**
 * Stops a runner job for a waiter whose work was aborted (a cancelled job): one still waiting
 * leaves the queue, one running is marked, and its runner kills its processes within a
 * moment.
 */
async function stopRunnerJob(queue: Queue, job: Job): Promise<void> {
  await queue.client.set(stopMark(queue, job.id), '1', 'EX', STOP_MARK_SECONDS);
  if ((await job.getState()) === 'waiting') await job.remove().catch(() => {});
}

/** How often a waiting worker asks Redis itself whether its runner job has ended. */
const SETTLED_POLL_MS = 5_000;

/**
 * The result of a runner job: Bull's completion event, or what Redis says of the job when asked
 * every few seconds. The event comes over a subscription, and one published while Redis was
 * away (or the subscription was being made again) never arrives: the worker would wait forever.
 */
async function settled(queue: Queue, job: Job): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  let waiting = true;
  // A cancel of the job that waits stops the runner's work too, and the wait at once.
  let stop = () => {};
  const stopped = new Promise<never>((_resolve, reject) => {
    stop = () => {
      void stopRunnerJob(queue, job).catch(() => {});
      reject(new RunAborted());
    };
  });
  const forget = onAbort(stop);
  if (!forget) {
    await stopRunnerJob(queue, job).catch(() => {});
    throw new RunAborted();
  }
  const polled = new Promise<unknown>((resolve, reject) => {
    const poll = async (): Promise<void> => {
      const current = await queue.getJob(job.id).catch(() => undefined);
      if (current === null)
        return reject(new Error(`the runner's job ${job.id} is gone from the queue`));
      if (current && (await current.isCompleted().catch(() => false)))
        return resolve(current.returnvalue as unknown);
      if (current && (await current.isFailed().catch(() => false)))
        return reject(new Error(current.failedReason ?? `the runner's job ${job.id} failed`));
      if (waiting) timer = setTimeout(() => void poll(), SETTLED_POLL_MS);
    };
    timer = setTimeout(() => void poll(), SETTLED_POLL_MS);
  });
  try {
    return await Promise.race([job.finished() as Promise<unknown>, polled, stopped]);
  } finally {
    forget();
    waiting = false;
    clearTimeout(timer);
  }
}
