import type { Delivery } from '../../core/delivery';
import type { JobOptions } from '../../core/job-options';
import type { ProgressEvent, Stage } from '../../pipeline/progress';
import type { CallbackOutcome } from './callback';

export type JobState = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export const JOB_STATES: readonly JobState[] = [
  'queued',
  'running',
  'completed',
  'failed',
  'cancelled',
];

/** What a client asked for; it holds no secret, since it is stored and shown. */
export interface JobRequestRecord {
  repo: { url?: string; path?: string; ref?: string };
  /** As core/job-options.ts defines them, and as the API took them. */
  options: JobOptions;
  callbackUrl?: string;
}

export interface JobSummary {
  accepted: number;
  conflicts: number;
  costUsd: number;
  /** As in report.json: the local branch, the patch, the push and the pull request. */
  delivery: Delivery;
}

/** A job as the API shows it, and as Redis keeps it. */
export interface JobRecord {
  id: string;
  /** The hash of the API key that created the job: only that key (and admin keys) see it. */
  owner: string;
  state: JobState;
  stage: Stage | null;
  /** 0 to 100: the stages done, and the part done of the current one where it counts. */
  progress: number;
  /** The current stage's last step: its line, and `done` of `total` where it counts. */
  step: { message: string; done: number | null; total: number | null } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  request: JobRequestRecord;
  summary: JobSummary | null;
  error: string | null;
  /** Where report.json, report.md and tests.patch are, once the job has completed. */
  outDir: string | null;
  /** How many times a worker took the job up: more than once only after a worker died. */
  attempts: number;
  /** How the callback to `request.callbackUrl` went, once the job has ended. */
  callback?: CallbackOutcome;
}

/** A new job's record, as it is stored before any worker takes it. */
export function queuedJob(id: string, owner: string, request: JobRequestRecord): JobRecord {
  return {
    id,
    owner,
    state: 'queued',
    stage: null,
    progress: 0,
    step: null,
    createdAt: new Date().toISOString(),
    startedAt: null,
    finishedAt: null,
    request,
    summary: null,
    error: null,
    outDir: null,
    attempts: 0,
  };
}

/**
 * What a job's event stream carries: the pipeline's progress events, then one `end` when the
 * job has ended, however it ended.
 */
export type JobEvent = ProgressEvent | { type: 'end'; state: EndState; message: string };

/** The states a job ends in. */
export type EndState = Exclude<JobState, 'queued' | 'running'>;
