import { runTests } from './run-tests';
import type { JestRun, JestRunOptions, MutationResults, TestOutcome } from './jest-run';
import { TestMap } from '../core/test-map';

/** How candidate files run: everything a Jest run takes but the files. */
export type CandidateRunOptions = Omit<JestRunOptions, 'files'>;

/** What one candidate file gave in a run: its tests, or the reason none of them could run. */
export type FileRun =
  { status: 'ran'; tests: TestOutcome[] } | { status: 'failed'; reason: string };

export interface CandidateRuns {
  byFile: Map<string, FileRun>;
  mutation: MutationResults;
  /** Per test file, the mutants that loading it reached (JestRun.loaded). */
  loaded: Map<string, number[]>;
  /** True when each file ran in a process of its own (one file, or a batch split down to its files). */
  alone: boolean;
}

/**
 * Runs candidate files together, and, when that run ends abnormally (an endless loop, the
 * heap cap, process.exit, a killed parent), runs each half again, down to the file at fault,
 * so that the fault is pinned on its own file and the other files still get their results: a
 * few runs for one bad file among many, not one process per file.
 */
export async function runCandidates(
  files: string[],
  options: CandidateRunOptions,
): Promise<CandidateRuns> {
  // No file left standing (every candidate fell at an earlier gate): Jest given no path would
  // run the whole folder, and a failed run of nothing cannot be split.
  if (files.length === 0)
    return { byFile: new Map(), mutation: new TestMap(), loaded: new Map(), alone: true };
  const together = await runTests({ ...options, files });
  if (together.status === 'ran') return fromRun(files, together);
  if (files.length === 1)
    return {
      byFile: new Map([[files[0]!, failedRun(together)]]),
      mutation: new TestMap(),
      loaded: new Map(),
      alone: true,
    };
  const half = Math.ceil(files.length / 2);
  const parts = [
    await runCandidates(files.slice(0, half), options),
    await runCandidates(files.slice(half), options),
  ];
  return { ...merged(parts), alone: parts.every((p) => p.alone) };
}

/**
 * A large set of files (the repository's own suite) in batches of `batchSize`, `parallel` Jest
 * processes at a time: one run of hundreds of spec files would pass the run's time limit, and
 * a batch that ends abnormally is split as runCandidates splits it. `onBatch` hears how many
 * files have run after each batch, and that batch's run; `options` may be asked anew for each
 * batch (what the batches before it found may change it).
 */
export async function runInBatches(
  files: string[],
  options: CandidateRunOptions | (() => CandidateRunOptions),
  batchSize: number,
  parallel: number,
  onBatch: (filesRun: number, run: CandidateRuns) => void = () => {},
): Promise<CandidateRuns> {
  const batches: string[][] = [];
  for (let i = 0; i < files.length; i += batchSize) batches.push(files.slice(i, i + batchSize));
  const results: CandidateRuns[] = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const run = await runCandidates(batch, typeof options === 'function' ? options() : options);
      results.push(run);
      onBatch(
        results.reduce((n, r) => n + r.byFile.size, 0),
        run,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return { ...merged(results), alone: batches.length <= 1 && results.every((r) => r.alone) };
}

function merged(parts: CandidateRuns[]): Omit<CandidateRuns, 'alone'> {
  const byFile = new Map<string, FileRun>();
  const mutation: MutationResults = new TestMap();
  const loaded = new Map<string, number[]>();
  for (const part of parts) {
    for (const [f, run] of part.byFile) byFile.set(f, run);
    for (const [test, value] of part.mutation.entries()) mutation.set(test, value);
    for (const [f, ids] of part.loaded) loaded.set(f, ids);
  }
  return { byFile, mutation, loaded };
}

function fromRun(files: string[], run: Extract<JestRun, { status: 'ran' }>): CandidateRuns {
  const byFile = new Map<string, FileRun>();
  for (const file of files)
    byFile.set(file, { status: 'ran', tests: run.tests.filter((t) => t.file === file) });
  for (const error of run.fileErrors)
    byFile.set(error.file, {
      status: 'failed',
      reason: `the file could not run: ${error.message}`,
    });
  return { byFile, mutation: run.mutation, loaded: run.loaded, alone: files.length === 1 };
}

function failedRun(run: Exclude<JestRun, { status: 'ran' }>): FileRun {
  if (run.status === 'timed-out') {
    return {
      status: 'failed',
      reason: `it did not finish within ${Math.round(run.durationMs / 1000)} s: an endless loop, or a wait that never ends.`,
    };
  }
  return { status: 'failed', reason: run.message };
}
