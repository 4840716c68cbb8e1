import {
  runJest,
  type JestRun,
  type JestRunOptions,
  type MutationResults,
  type TestOutcome,
} from './jest-execution';
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
  /** True when each file ran in a process of its own (one file, or a batch that ended abnormally). */
  alone: boolean;
}

/**
 * Runs candidate files together, and, when that run ends abnormally (an endless loop, the
 * heap cap, process.exit, a killed parent), runs each file alone so that the fault is pinned
 * on its own file and the other candidates still get their results.
 */
export async function runCandidates(
  files: string[],
  options: CandidateRunOptions,
): Promise<CandidateRuns> {
  const together = await runJest({ ...options, files });
  if (together.status === 'ran') return fromRun(files, together);
  if (files.length === 1)
    return {
      byFile: new Map([[files[0]!, failedRun(together)]]),
      mutation: new TestMap(),
      loaded: new Map(),
      alone: true,
    };
  const byFile = new Map<string, FileRun>();
  const mutation: MutationResults = new TestMap();
  const loaded = new Map<string, number[]>();
  for (const file of files) {
    const alone = await runCandidates([file], options);
    for (const [f, run] of alone.byFile) byFile.set(f, run);
    for (const [test, value] of alone.mutation.entries()) mutation.set(test, value);
    for (const [f, ids] of alone.loaded) loaded.set(f, ids);
  }
  return { byFile, mutation, loaded, alone: true };
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
