import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GATES, type Gate, type Verdict } from '../core/verdict';
import { SourceParser } from '../understand/source-parser';
import { runCandidates, type CandidateRuns } from './candidate-runs';
import { compileGate, type CompileError } from './compile-gate';
import type { MutantOutcome } from './jest-execution';
import type { Mutant } from './mutant-instrumenter';
import { addedValueStage, mutationStage } from './mutation-stages';
import { RunnerWorkspace } from './runner-workspace';
import { staticGate, type IsRepoModule } from './static-gate';
import { VerdictLedger } from './verdict-ledger';

/** Limits of a verification; the defaults suit a laptop and a 2-core CI machine. */
export interface RunnerLimits {
  testTimeoutMs: number;
  runTimeoutMs: number;
  memoryMb: number;
  perMutantTimeoutMs: number;
  /** Seeds of the random-order runs of the stability gate; with the pass run, 5 runs in all. */
  seeds: number[];
}

export const DEFAULT_LIMITS: RunnerLimits = {
  testTimeoutMs: 5_000,
  runTimeoutMs: 120_000,
  memoryMb: 1024,
  perMutantTimeoutMs: 2_000,
  seeds: [1, 2, 3, 4],
};

/** What the runner needs, and nothing from the generator: the repository and the candidate files. */
export interface VerifyRequest {
  root: string;
  /** Every file of the snapshot, relative to the root. */
  files: string[];
  /** The repository's code that mutants are made from (not its tests). */
  codeFiles: string[];
  /** Candidate test files, relative to the root. */
  candidates: string[];
  /**
   * Candidates given as text rather than read from the root (generated files that must never
   * be written into the user's tree); the runner writes them into its own copies only.
   */
  candidateTexts?: ReadonlyMap<string, string>;
  /** The repository's own test files: the suite a candidate must add to. */
  existingTests: string[];
  isRepoModule: IsRepoModule;
  limits?: Partial<RunnerLimits>;
  /**
   * Per candidate file, the code it claims to test (its target's lines). A static mutant, which
   * costs a fresh load of the test file, is tried only inside the file's own focus (the union
   * of all for the repository's own tests); without a focus, in every function.
   */
  focus?: Record<string, CodeRange[]>;
}

/** Lines of a file, both ends included. */
export interface CodeRange {
  file: string;
  line: number;
  endLine: number;
}

export interface VerifyResult {
  verdicts: Verdict[];
  mutants: Mutant[];
  /** How many times a test ran with a mutant switched on, in the mutation gate, by outcome. */
  mutantRuns: Record<MutantOutcome, number>;
  /** Milliseconds spent in each gate. */
  timings: Record<Gate, number>;
}

/**
 * Judges candidate tests through the gates in order (static, compile, pass, stable, hollow,
 * mutation, added value), each in the runner's own copy of the repository. The same snapshot,
 * candidates and seeds give the same verdicts.
 */
export async function verifyCandidates(request: VerifyRequest): Promise<VerifyResult> {
  const limits = { ...DEFAULT_LIMITS, ...request.limits };
  const ledger = new VerdictLedger();
  const timings = Object.fromEntries(GATES.map((g) => [g, 0])) as Record<Gate, number>;
  const timed = async <T>(gate: Gate, work: () => Promise<T> | T): Promise<T> => {
    const start = Date.now();
    try {
      return await work();
    } finally {
      timings[gate] += Date.now() - start;
    }
  };
  const workspace = await RunnerWorkspace.create(
    request.root,
    request.files,
    request.candidateTexts,
  );
  try {
    await workspace.installDependencies();
    const testLines = await timed('static', () => staticStage(request, workspace, ledger));
    await timed('compile', () => compileStage(workspace, ledger, testLines));
    const runOptions = {
      workspace: workspace.root,
      cacheDirectory: workspace.jestCache,
      timeoutMs: limits.runTimeoutMs,
      testTimeoutMs: limits.testTimeoutMs,
      memoryMb: limits.memoryMb,
    };
    const pass = await timed('pass', () => passStage(ledger, runOptions));
    await timed('stable', () => stableStage(ledger, runOptions, limits.seeds));
    await timed('hollow', () => hollowStage(ledger, pass));
    const mutants = await timed('mutation', () =>
      mutationStage(request, ledger, runOptions, limits),
    );
    await timed('added-value', () => addedValueStage(request, ledger, runOptions, limits, mutants));
    const mutantRuns: Record<MutantOutcome, number> = {
      killed: 0,
      crashed: 0,
      survived: 0,
      timeout: 0,
      endless: 0,
    };
    for (const r of mutants.results.values())
      for (const o of r.outcomes.values()) mutantRuns[o] += 1;
    return { verdicts: ledger.verdicts(), mutants: mutants.all, mutantRuns, timings };
  } finally {
    await workspace.dispose();
  }
}

export type RunOptions = {
  workspace: string;
  cacheDirectory?: string;
  timeoutMs: number;
  testTimeoutMs: number;
  memoryMb: number;
};

/** Each candidate file's tests with their line ranges, from the static gate. */
type TestLines = Map<string, { name: string; line: number; endLine: number }[]>;

async function staticStage(
  request: VerifyRequest,
  workspace: RunnerWorkspace,
  ledger: VerdictLedger,
): Promise<TestLines> {
  const parser = new SourceParser();
  const lines: TestLines = new Map();
  for (const file of request.candidates) {
    const text = await fs.readFile(path.join(workspace.root, file), 'utf8');
    const result = staticGate(text, file, request.isRepoModule, parser);
    if (result.status === 'unreadable') {
      ledger.add(file, '(file)');
      ledger.reject(file, '(file)', 'static', [result.reason]);
      continue;
    }
    lines.set(file, result.tests);
    for (const test of result.tests) {
      ledger.add(file, test.name);
      if (test.reasons.length) ledger.reject(file, test.name, 'static', test.reasons);
    }
  }
  return lines;
}

/** An error inside a test's lines rejects that test; an error outside every test (an import) rejects the file. */
function compileStage(workspace: RunnerWorkspace, ledger: VerdictLedger, lines: TestLines): void {
  const files = ledger.standingFiles();
  if (files.length === 0) return;
  for (const [file, errors] of compileGate(workspace.root, files)) {
    const tests = lines.get(file) ?? [];
    const within = (e: CompileError) =>
      tests.find((t) => e.line !== null && e.line >= t.line && e.line <= t.endLine);
    const fileWide = errors.filter((e) => !within(e));
    if (fileWide.length)
      ledger.rejectFile(
        file,
        'compile',
        fileWide.map((e) => `the file does not type-check: ${e.text}`),
      );
    for (const test of tests) {
      const own = errors.filter((e) => within(e)?.name === test.name);
      if (own.length)
        ledger.reject(
          file,
          test.name,
          'compile',
          own.map((e) => `it does not type-check: ${e.text}`),
        );
    }
  }
}

/**
 * Run 1: all files in one process, then each file that had a failure again alone, so that a
 * file that loops, crashes or leaks cannot spoil the others' first run. One Jest start for the
 * batch instead of one per file: a leak only turns another file's test red, and that file's
 * own run decides.
 */
async function passStage(ledger: VerdictLedger, options: RunOptions): Promise<CandidateRuns> {
  const runs = await runCandidates(ledger.standingFiles(), options);
  for (const [file, run] of runs.byFile) {
    if (runs.alone || (run.status === 'ran' && run.tests.every((t) => t.status === 'passed')))
      continue;
    const alone = await runCandidates([file], options);
    runs.byFile.set(file, alone.byFile.get(file)!);
  }
  for (const [file, run] of runs.byFile) {
    if (run.status === 'failed') {
      ledger.rejectFile(file, 'pass', [run.reason]);
      continue;
    }
    for (const entry of ledger.standing(file)) {
      const outcome = run.tests.find((t) => t.name === entry.name);
      if (!outcome) ledger.reject(file, entry.name, 'pass', ['Jest did not run it.']);
      else if (outcome.status !== 'passed') {
        ledger.reject(file, entry.name, 'pass', [
          `it fails on the original code: ${outcome.failure ?? outcome.status}`,
        ]);
      } else
        ledger.update(file, entry.name, {
          assertionCount: outcome.assertions,
          durationMs: outcome.durationMs,
        });
    }
  }
  return runs;
}

/**
 * Runs 2 to 5: all standing files together, in a random order from each seed, in fresh
 * processes but the same workspace, so that a test that leaks state (a file, a global) into
 * the next run, or depends on chance, fails at least once.
 */
async function stableStage(
  ledger: VerdictLedger,
  options: RunOptions,
  seeds: number[],
): Promise<void> {
  for (const seed of seeds) {
    const standing = ledger.standingFiles();
    if (standing.length === 0) return;
    const runs = await runCandidates(standing, { ...options, seed });
    checkStable(
      ledger,
      runs,
      `in a fresh process, in random order among the other candidates (seed ${seed})`,
    );
  }
}

function checkStable(ledger: VerdictLedger, runs: CandidateRuns, how: string): void {
  for (const [file, run] of runs.byFile) {
    for (const entry of ledger.standing(file)) {
      const outcome =
        run.status === 'ran' ? run.tests.find((t) => t.name === entry.name) : undefined;
      if (outcome?.status === 'passed') continue;
      const why = run.status === 'failed' ? run.reason : (outcome?.failure ?? 'it did not run');
      ledger.reject(file, entry.name, 'stable', [
        `it passed once but failed ${how}: ${why} A test that leaks state or depends on chance or the clock cannot be trusted.`,
      ]);
    }
  }
}

function hollowStage(ledger: VerdictLedger, pass: CandidateRuns): void {
  for (const entry of ledger.standing()) {
    const run = pass.byFile.get(entry.file);
    const outcome =
      run?.status === 'ran' ? run.tests.find((t) => t.name === entry.name) : undefined;
    if ((outcome?.assertions ?? 0) === 0) {
      ledger.reject(entry.file, entry.name, 'hollow', [
        'no assertion ran by the time it finished: it is in a branch not taken, a callback never called, or a promise the test does not wait for.',
      ]);
    }
  }
}
