/** The stages of a job, in the order they run. */
export const STAGES = [
  'acquire',
  'understand',
  'index',
  'plan',
  'generate',
  'verify',
  'select',
  'deliver',
  'report',
] as const;
export type Stage = (typeof STAGES)[number];

/**
 * What a job reports as it moves, one typed stream for every listener (the CLI's bars, the
 * service's job record, its event stream), as Jest's reporters hear one stream of events. Each
 * event names its stage and carries a line for people; the rest depends on its type.
 */
export type ProgressEvent =
  /** A step within a stage; `done` of `total` when the step counts something. */
  | { type: 'progress'; stage: Stage; message: string; done?: number; total?: number }
  | { type: 'stage-started'; stage: Stage; message: string }
  | { type: 'stage-ended'; stage: Stage; message: string; ms: number }
  /** A candidate test judged: accepted, rejected by a gate, or in conflict with a requirement. */
  | {
      type: 'verdict';
      stage: 'verify';
      message: string;
      target: string;
      test: string;
      status: 'accepted' | 'rejected' | 'conflict';
      gate?: string;
      reason?: string;
    }
  /** A stated example the code contradicts: the docs' value against the code's. */
  | {
      type: 'conflict';
      stage: 'generate';
      message: string;
      target: string;
      requirement: string;
      /** The call as the docs write it, what they give and what the code gives. */
      call: string;
      documented: string;
      actual: string;
      /** Where the two part, in words (empty when unknown). */
      differences: string[];
    }
  /** A round of generation begun: its tier and targets, and what the job has spent so far. */
  | {
      type: 'round';
      stage: 'generate';
      message: string;
      tier: string;
      round: number;
      targets: number;
      spentUsd: number;
    }
  | { type: 'log'; stage: Stage; message: string; level: 'info' | 'warn' };

export type ProgressListener = (event: ProgressEvent) => void;

/**
 * A listener that also hears where each stage starts and ends: a `stage-started` before the
 * first event of a stage, a `stage-ended` (with its time) before the next stage's start, and
 * one for the last stage at `end()`.
 */
export function withStageBounds(listener: ProgressListener): {
  listener: ProgressListener;
  end(): void;
} {
  let current: { stage: Stage; since: number } | null = null;
  const close = () => {
    if (!current) return;
    const ms = Date.now() - current.since;
    listener({ type: 'stage-ended', stage: current.stage, message: `${ms} ms`, ms });
    current = null;
  };
  return {
    listener: (event) => {
      if (event.type !== 'stage-started' && event.type !== 'stage-ended') {
        if (current?.stage !== event.stage) {
          close();
          current = { stage: event.stage, since: Date.now() };
          listener({ type: 'stage-started', stage: event.stage, message: event.message });
        }
      }
      listener(event);
    },
    end: close,
  };
}
