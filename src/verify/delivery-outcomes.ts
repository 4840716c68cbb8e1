import path from 'node:path';
import type { DeliveryFailure } from '../core/verification';
import { firstMeaningfulLines } from './jest-outcome';

// How the delivery check reads what the repository's own runner reported: Jest's and vitest's
// JSON, mocha's JSON, and node:test's TAP.

/** Jest's JSON report, which vitest's json reporter also writes. */
interface RunnerJson {
  testResults?: {
    name: string;
    message?: string;
    assertionResults?: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages?: string[];
    }[];
  }[];
}

export type Outcomes = { passed: number; failed: DeliveryFailure[] };

/** A path relative to `from`, with forward slashes, as the report names files. */
export function relativeTo(from: string, absolute: string): string {
  return path.relative(from, absolute).split(path.sep).join('/');
}

/** The JSON object a command printed, from its first `{` to its last `}`; null when there is none. */
export function jsonOn(stdout: string): string | null {
  const start = stdout.indexOf('{');
  const end = stdout.lastIndexOf('}');
  if (start < 0 || end < start) return null;
  const text = stdout.slice(start, end + 1);
  try {
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}

/**
 * mocha's json reporter: its passes and its failures, with their files and full titles. mocha
 * adds the files its config names to those given, so only the delivered files count.
 */
export function mochaOutcomes(
  json: string,
  root: string,
  delivered: ReadonlySet<string>,
): Outcomes {
  type MochaTest = {
    file?: string;
    fullTitle?: string;
    title?: string;
    err?: { message?: string };
  };
  const report = JSON.parse(json) as { passes?: MochaTest[]; failures?: MochaTest[] };
  const fileOf = (t: MochaTest) => (t.file ? relativeTo(root, t.file) : '(unknown)');
  const ours = (tests: MochaTest[] = []) =>
    tests.filter((t) => delivered.has(fileOf(t)) || fileOf(t) === '(unknown)');
  return {
    passed: ours(report.passes).length,
    failed: ours(report.failures).map((f) => ({
      file: fileOf(f),
      name: f.fullTitle ?? f.title ?? '(unknown)',
      reason: firstLines(f.err?.message ?? 'failed'),
    })),
  };
}

/**
 * node --test's TAP report: each `ok`/`not ok` that is a test (not a suite), its name after the
 * subtests that hold it, and for a failure the file of its location and its error.
 */
export function tapOutcomes(tap: string, root: string): Outcomes {
  const lines = tap.split('\n');
  const path_: string[] = [];
  let passed = 0;
  const failed: DeliveryFailure[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const depth = (line.length - line.trimStart().length) / 4;
    const subtest = /^\s*# Subtest: (.*)$/.exec(line);
    if (subtest) {
      path_.length = depth;
      path_[depth] = subtest[1]!;
      continue;
    }
    const result = /^\s*(not )?ok \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (!result) continue;
    const block: string[] = [];
    if (lines[i + 1]?.trim() === '---')
      for (let j = i + 2; j < lines.length && lines[j]!.trim() !== '...'; j++)
        block.push(lines[j]!);
    if (block.some((b) => /^\s*type: 'suite'/.test(b))) continue;
    const name = [...path_.slice(0, depth), result[2]!].join(' > ');
    if (!result[1]) {
      passed += 1;
      continue;
    }
    const location = block.map((b) => /^\s*location: '(.*):\d+:\d+'/.exec(b)?.[1]).find(Boolean);
    const error = block.findIndex((b) => /^\s*error: /.test(b));
    failed.push({
      file: location ? relativeTo(root, location) : '(unknown)',
      name,
      reason: firstLines(
        error >= 0
          ? block
              .slice(error + 1, error + 6)
              .map((b) => b.trim())
              .join('\n')
          : 'failed',
      ),
    });
  }
  return { passed, failed };
}

/**
 * Jest's JSON report (vitest's json reporter writes the same): passed tests counted, each
 * failure with its file, full name and first lines, and a file that could not load as one
 * failure of its own.
 */
export function jsonReportOutcomes(json: string, root: string): Outcomes {
  const report = JSON.parse(json) as RunnerJson;
  let passed = 0;
  const failed: DeliveryFailure[] = [];
  for (const suite of report.testResults ?? []) {
    const file = relativeTo(root, suite.name);
    const tests = suite.assertionResults ?? [];
    if (tests.length === 0 && suite.message) {
      failed.push({ file, name: '(file)', reason: firstLines(suite.message) });
      continue;
    }
    for (const t of tests) {
      const name = [...t.ancestorTitles, t.title].join(' > ');
      if (t.status === 'passed') passed += 1;
      else if (t.status === 'failed')
        failed.push({ file, name, reason: firstLines((t.failureMessages ?? []).join('\n')) });
    }
  }
  return { passed, failed };
}

/** A failure's first lines on one line, as a reason. */
function firstLines(text: string): string {
  return firstMeaningfulLines(text).split('\n').join(' ');
}
