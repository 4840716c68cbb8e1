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

/** What a job reports as it moves: the stage, a line for people, and a count where there is one. */
export interface ProgressEvent {
  stage: Stage;
  message: string;
  done?: number;
  total?: number;
}

export type ProgressListener = (event: ProgressEvent) => void;
