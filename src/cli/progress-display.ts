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
      listener: (e) => {
        // A line per step, round, conflict and warning; a verdict per test would drown them.
        if (e.type === 'log' && e.level === 'warn')
          output.err(`attest: ${e.stage}: warning: ${e.message}`);
        else if (
          e.type === 'progress' ||
          e.type === 'round' ||
          e.type === 'conflict' ||
          e.type === 'log'
        )
          output.err(`attest: ${e.stage}: ${e.message}`);
      },
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
    if (e.type === 'verdict') return;
    if (current && current !== e.stage) open.get(current)?.update(1);
    current = e.stage;
    const stage = e.stage.padEnd(Math.max(...STAGES.map((s) => s.length)));
    const bar = open.get(e.stage) ?? bars.create(1, 0, { stage, message: '' });
    open.set(e.stage, bar);
    if (e.type === 'stage-ended') bar.update(1);
    else if (e.type === 'stage-started') bar.update(0, { stage, message: e.message });
    // A count fills the bar by what is done; a step without one leaves it where it was.
    else if (e.type === 'progress' && e.total)
      bar.update((e.done ?? 0) / e.total, { stage, message: e.message });
    else bar.update({ stage, message: e.message });
  };
  return {
    listener,
    stop: () => {
      for (const bar of open.values()) bar.update(1);
      bars.stop();
    },
  };
}
