import cliProgress from 'cli-progress';
import { STAGES, type ProgressEvent, type ProgressListener } from '../pipeline/progress';
import type { Output } from './output';

/**
 * Shows a job's progress on stderr: on a terminal, one bar per stage, filled as the job moves
 * past it; elsewhere (a pipe, CI), one plain line per event.
 */
export function progressDisplay(
  output: Output,
  tty: boolean,
): { listener: ProgressListener; stop(): void } {
  if (!tty) {
    return {
      listener: (e) => output.err(`attest: ${e.stage}: ${e.message}`),
      stop: () => {},
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      format: ' {stage} {bar} {message}',
      barsize: 20,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const open = new Map<string, cliProgress.SingleBar>();
  let current: string | null = null;
  const listener = (e: ProgressEvent) => {
    if (current && current !== e.stage) open.get(current)?.update(1);
    current = e.stage;
    const stage = e.stage.padEnd(Math.max(...STAGES.map((s) => s.length)));
    const bar = open.get(e.stage) ?? bars.create(1, 0, { stage, message: '' });
    open.set(e.stage, bar);
    bar.update(0.5, { stage, message: e.message });
  };
  return {
    listener,
    stop: () => {
      for (const bar of open.values()) bar.update(1);
      bars.stop();
    },
  };
}
