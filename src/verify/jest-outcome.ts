import { createHmac, timingSafeEqual } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { MutantOutcome, StatementCoverage } from '../core/mutant';
import { TestMap } from '../core/test-map';
import { isolation } from './isolation';
import type { JestRun, JestRunOptions, MutationResults, TestOutcome } from './jest-run';
import {
  parseMutantRecord,
  type MutantRecord,
  type ResultsRecord,
  type IstanbulCoverage,
} from './mutation/protocol';
import type { RunResult } from './process-runner';

// What a Jest run of Attest's said: its signed channel read back into typed records, and why a
// run that wrote no results ended.

/** A record on the channel that Attest's reporter and environment did not write, in order. */
class ForgedRecord extends Error {}

/**
 * The record of the channel's line number `number` (from 1), checked against the run's key
 * and its number: a line that a test wrote to the socket itself, or a record replayed,
 * reordered or dropped, is forged.
 */
function channelRecord(
  line: string,
  number: number,
  key: Buffer,
): Partial<Record<string, unknown>> {
  const match = /^(\d+) ([0-9a-f]{64}) (.*)$/s.exec(line);
  const mac = match && createHmac('sha256', key).update(`${match[1]} ${match[3]}`).digest();
  if (
    !match ||
    Number(match[1]) !== number ||
    !timingSafeEqual(mac!, Buffer.from(match[2]!, 'hex'))
  )
    throw new ForgedRecord(
      `its run sent the runner a record that Attest's reporter did not write (line ${number} of the verdict channel): a test that writes its own verdict is rejected.`,
    );
  return JSON.parse(match[3]!) as Partial<Record<string, unknown>>;
}

/** The records of a run's channel, each checked (channelRecord). */
function channelRecords(text: string, key: Buffer): Partial<Record<string, unknown>>[] {
  const lines = text.split('\n');
  // The last piece is empty, or a record cut off by the end of the run: never read.
  lines.pop();
  return lines.map((line, index) => channelRecord(line, index + 1, key));
}

/**
 * Hears a run's records as they arrive, for progress: checked as at the end, and silent from
 * the first forged line on (the run's verdict, read at its end, says what was forged).
 */
export function liveRecords(
  key: Buffer,
  onRecord: (record: Partial<Record<string, unknown>>) => void,
): (line: string) => void {
  let number = 0;
  let forged = false;
  return (line) => {
    if (forged) return;
    try {
      onRecord(channelRecord(line, (number += 1), key));
    } catch {
      forged = true;
    }
  };
}

export function readRun(result: RunResult, key: Buffer, options: JestRunOptions): JestRun {
  if (result.status === 'timed-out') return { status: 'timed-out', durationMs: result.durationMs };
  let records: Partial<Record<string, unknown>>[];
  try {
    records = channelRecords(result.channel ?? '', key);
  } catch (error) {
    if (!(error instanceof ForgedRecord)) throw error;
    return { status: 'crashed', message: error.message, durationMs: result.durationMs };
  }
  const results = records.find((r): r is Partial<ResultsRecord> => r.kind === 'results');
  const abnormal = abnormalEnd(result, results !== undefined);
  if (abnormal) return { status: 'crashed', message: abnormal, durationMs: result.durationMs };
  const environment = records.filter((r) => r.kind !== 'results').map(parseMutantRecord);
  const counts = new TestMap<number>();
  for (const record of environment)
    if (record.kind === 'counts')
      for (const c of record.counts)
        counts.set({ file: record.testPath, name: c.name }, c.assertions);
  const { workspace } = options;
  const tests: TestOutcome[] = [];
  const fileErrors: { file: string; message: string }[] = [];
  for (const suite of results!.testResults ?? []) {
    const file = relativeTo(workspace, suite.name);
    if (suite.status === 'failed' && suite.assertionResults.length === 0) {
      fileErrors.push({ file, message: firstMeaningfulLines(suite.message) });
      continue;
    }
    for (const t of suite.assertionResults) {
      const name = [...t.ancestorTitles, t.title].join(' > ');
      tests.push({
        file,
        name,
        status: t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped',
        failure: t.failureMessages.length
          ? firstMeaningfulLines(t.failureMessages.join('\n'))
          : null,
        assertions: counts.get({ file: suite.name, name }) ?? 0,
        durationMs: t.duration ?? 0,
      });
    }
  }
  return {
    status: 'ran',
    tests,
    fileErrors,
    ...mutationResults(environment, workspace),
    ...(options.coverage
      ? { coverage: statementCoverage(results!.coverage ?? null, workspace) }
      : {}),
    durationMs: result.durationMs,
  };
}

const relativeTo = (workspace: string, file: string) =>
  path.relative(workspace, file).split(path.sep).join('/');

/**
 * Per test, the mutants its run reached and what each did, from the environment's records. An
 * outcome for a mutant the test's run never reached is impossible, as the environment's own
 * check of each replay is (see MutantRecord 'impossible').
 */
function mutationResults(
  records: MutantRecord[],
  workspace: string,
): { mutation: MutationResults; loaded: Map<string, number[]> } {
  const mutation: MutationResults = new TestMap();
  const loaded = new Map<string, number[]>();
  for (const record of records) {
    if (record.kind === 'counts') continue;
    const testFile = relativeTo(workspace, record.file);
    if (record.kind === 'load') {
      loaded.set(testFile, record.covered);
      continue;
    }
    const entry = mutation.upsert({ file: testFile, name: record.test }, () => ({
      covered: [],
      outcomes: new Map<number, MutantOutcome>(),
    }));
    if (record.kind === 'covered') entry.covered = record.covered;
    else if (record.kind === 'unrepeatable') entry.unrepeatable = record.reason;
    else if (record.kind === 'impossible') (entry.impossible ??= []).push(record.mutant);
    else if (record.kind === 'asked') entry.asked = true;
    else entry.outcomes.set(record.mutant, record.outcome);
  }
  return { mutation, loaded };
}

function statementCoverage(data: IstanbulCoverage | null, workspace: string): StatementCoverage {
  const coverage: StatementCoverage = new Map();
  for (const [absolute, entry] of Object.entries(data ?? {})) {
    const relative = relativeTo(workspace, absolute);
    if (relative.startsWith('..')) continue;
    coverage.set(
      relative,
      Object.entries(entry.statementMap).map(([id, statement]) => ({
        line: statement.start.line,
        covered: (entry.s[id] ?? 0) > 0,
      })),
    );
  }
  return coverage;
}

/** The first lines of a Jest failure, without ANSI colours or the stack. */
export function firstMeaningfulLines(message: string): string {
  return (
    message
      // Jest colours its messages with ANSI escapes (ESC [ … m), which are noise in a reason.
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() && !/^\s+at /.test(l))
      .slice(0, 6)
      .join('\n')
      .trim()
  );
}

/**
 * Why a run that should have written results ended early, in words: the heap cap, a call to
 * process.exit, a signal (a test that killed the process above it), or a plain crash.
 */
function abnormalEnd(
  result: Exclude<RunResult, { status: 'timed-out' }>,
  wroteResults: boolean,
): string | null {
  if (/heap out of memory|Allocation failed/i.test(result.stderr)) {
    return 'it ran out of memory: the test process reached its heap cap.';
  }
  const exit = /process\.exit called with "?([^"\s]*)"?/.exec(result.stderr);
  if (exit) return `it called process.exit(${exit[1] ?? ''}), which ends the test process.`;
  // In the sandbox, bubblewrap reports its child's death by a signal as exit 128 + the signal.
  let signal = result.status === 'signalled' ? result.signal : undefined;
  if (result.status === 'exited' && result.code > 128) {
    const number = result.code - 128;
    signal = Object.entries(os.constants.signals).find(([, n]) => n === number)?.[0];
  }
  if (signal === 'SIGXFSZ') {
    const { fileMb } = isolation().policy;
    return `it wrote a file larger than ${fileMb} MiB, the most a run may write to one file (ATTEST_SANDBOX_FILE_MB).`;
  }
  if (signal) {
    return `the process that ran it was killed by ${signal}: a test that kills its parent or itself does this.`;
  }
  if (!wroteResults) {
    const tail = firstMeaningfulLines(result.stderr.slice(-4000)).split('\n').slice(-3).join(' ');
    return `the test run wrote no results (exit ${result.status === 'exited' ? result.code : '?'}): ${tail}`;
  }
  return null;
}
