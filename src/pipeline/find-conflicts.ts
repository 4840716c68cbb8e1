import type { Candidate } from '../core/candidate';
import type { Example } from '../core/requirement';
import type { RequirementConflict } from '../core/report';
import type { GroundedExample, Target } from '../core/target';
import { dialectOf } from '../core/dialects/dialects';
import type { TestId } from '../core/test-map';
import type { Verdict } from '../core/verdict';
import { citedTests } from '../generate/cited-tests';
import { CAPTURED, renderExampleTests } from '../generate/example-tests';
import { describeDifference, printLike, styleOf, type ValueShape } from '../core/printed-value';
import { testFileFor } from '../plan/plan-targets';
import { SourceParser, languageOf } from '../understand/source-parser';
import { findTests } from '../understand/test-structure';
import type { JobJudge } from './judge';

/** A stated example that the code contradicts, with the test that showed it. */
export interface FoundConflict extends RequirementConflict {
  targetId: string;
  /** The tier-0 test that failed on the original code. */
  test: TestId;
}

/** An assertion's failure in Jest's or vitest's words, node:assert's, or chai's, as opposed to a test that crashed. */
export const ASSERTION_FAILED =
  /Expected|Received|did not throw|Missing expected (?:exception|rejection)|expected .+ to /;

/**
 * A tier-0 test that fails on the original code may have found a real bug: the docs and the
 * code disagree. Each is re-checked alone, in a file of its own, so that no other test can be
 * the cause; those that fail again on an assertion are conflicts, with the value the docs state
 * and the value the code gives.
 */
export async function findConflicts(
  targets: Target[],
  candidates: Candidate[],
  verdicts: Verdict[],
  judge: JobJudge,
  known: ReadonlySet<string>,
): Promise<FoundConflict[]> {
  const suspects = new Map<string, { target: Target; grounded: GroundedExample; test: Verdict }>();
  const recheck: Candidate[] = [];
  for (const candidate of candidates.filter((c) => c.origin === 'examples')) {
    const target = targets.find((t) => t.id === candidate.targetId)!;
    const failed = verdicts.filter(
      (v) =>
        v.candidateId === candidate.id &&
        v.status === 'rejected' &&
        v.gate === 'pass' &&
        ASSERTION_FAILED.test(v.reasons.join(' ')),
    );
    if (failed.length === 0) continue;
    // Each example rendered alone: its test has the name it had in the whole file. It runs
    // under the runner only, so in Jest's words where the repository's have no Received value.
    const dialect = dialectOf(target.dialect).assertions === 'expect' ? target.dialect : 'jest';
    const alone = target.examples.map((grounded) => {
      const text = renderExampleTests(target.symbol, target.importLine, [grounded], dialect, {
        capture: true,
      });
      return { grounded, text, tests: citedTests(text, candidate.file, known) };
    });
    for (const test of failed) {
      const single = alone.find((a) => a.tests[0]?.name === test.name);
      if (!single) continue;
      const file = testFileFor(target, `examples-recheck-${recheck.length + 1}`);
      recheck.push({ ...candidate, id: file, file, text: single.text, tests: single.tests });
      suspects.set(file, { target, grounded: single.grounded, test });
    }
  }
  if (recheck.length === 0) return [];
  const again = await judge.judge(recheck);
  const conflicts: FoundConflict[] = [];
  for (const [file, { target, grounded, test }] of suspects) {
    const alone = again.find((v) => v.candidateId === file);
    if (alone?.status !== 'rejected' || alone.gate !== 'pass') continue;
    const expected = expectedAsWritten(grounded.example);
    const { actual, differences, invisible } = whatTheCodeGave(alone.reasons.join('\n'), expected);
    // The value equals what the docs print in all they can print (it differs in a symbol key
    // or in being a class instance): no disagreement a reader could see, so no conflict.
    if (invisible) continue;
    conflicts.push({
      requirementId: grounded.requirement.id,
      targetId: target.id,
      target: target.label,
      call: grounded.example.call,
      file: grounded.requirement.file,
      line: grounded.example.line,
      expected,
      actual,
      differences,
      places: [
        {
          requirementId: grounded.requirement.id,
          file: grounded.requirement.file,
          line: grounded.example.line,
        },
        ...(grounded.also ?? []).map((a) => ({
          requirementId: a.requirement.id,
          file: a.requirement.file,
          line: a.line,
        })),
      ],
      test: { file: test.file, name: test.name },
      echoedBy: [],
    });
  }
  return conflicts;
}

/** The targets with their disputed examples, for the tiers after tier 0. */
export function withDisputes(targets: Target[], conflicts: FoundConflict[]): Target[] {
  return targets.map((target) => {
    const own = conflicts.filter((c) => c.targetId === target.id);
    return own.length === 0
      ? target
      : {
          ...target,
          disputes: own.map((c) => ({
            requirementId: c.requirementId,
            call: c.call,
            expected: c.expected,
          })),
        };
  });
}

/**
 * A model test that the gate accepted but that asserts, for a disputed call, the value the code
 * gives: it sides with the code against the requirement. It becomes a conflict, listed beside
 * the requirement's (echoedBy), and is not delivered as if nothing were wrong.
 */
export function markEchoes(
  conflicts: FoundConflict[],
  candidates: Candidate[],
  verdicts: Verdict[],
  parser = new SourceParser(),
): Verdict[] {
  const texts = new Map(candidates.map((c) => [c.id, c]));
  return verdicts.map((verdict) => {
    const candidate = texts.get(verdict.candidateId);
    if (verdict.status !== 'accepted' || !candidate || candidate.origin === 'examples')
      return verdict;
    const body = testBody(candidate.text, candidate.file, verdict.name, parser);
    const echoed = conflicts.find(
      (c) => c.targetId === verdict.target && body !== null && echoes(body, c),
    );
    if (!echoed) return verdict;
    echoed.echoedBy.push({ file: verdict.file, name: verdict.name });
    return {
      ...verdict,
      status: 'conflict',
      // The requirement's example fails the pass gate on this code; this test passes it by
      // asserting what the code gives instead.
      gate: 'pass',
      reasons: [
        `it asserts that ${echoed.call} gives ${echoed.actual}, the code's value, where requirement ${echoed.requirementId} states ${echoed.expected}: it is reported beside that conflict, not delivered.`,
      ],
    };
  });
}

function testBody(text: string, file: string, name: string, parser: SourceParser): string | null {
  const tree = parser.parse(text, languageOf(file) ?? 'typescript');
  return findTests(tree).find((t) => t.name === name)?.body?.text ?? null;
}

/** The test calls the disputed call and states the code's value for it. */
function echoes(body: string, conflict: FoundConflict): boolean {
  const flat = (s: string) => s.replace(/\s+/g, '').replace(/["'`]/g, "'");
  return flat(body).includes(flat(conflict.call)) && flat(body).includes(flat(conflict.actual));
}

function expectedAsWritten(example: Example): string {
  const e = example.expected;
  return e.kind === 'value' ? e.text : `throws ${e.errorType ?? 'an error'}`;
}

/**
 * The value the code gave, printed as the docs print theirs, and what differs: from the
 * re-check's captured values when it printed them, else from the assertion's message.
 */
function whatTheCodeGave(
  reason: string,
  expected: string,
): { actual: string; differences: string[]; invisible?: true } {
  // The re-check's message may come after the gate's words on the same line.
  const shape = (prefix: string) => {
    const line = reason.split('\n').find((l) => l.includes(prefix));
    if (!line) return null;
    try {
      return JSON.parse(line.slice(line.indexOf(prefix) + prefix.length)) as ValueShape;
    } catch {
      return null;
    }
  };
  const received = shape(CAPTURED.received);
  const stated = shape(CAPTURED.expected);
  if (!received) return { actual: actualFrom(reason), differences: [] };
  const style = styleOf(expected);
  const differences = stated ? describeDifference(stated, received, style) : [];
  return {
    actual: printLike(received, style),
    differences,
    ...(stated && differences.length === 0 ? { invisible: true as const } : {}),
  };
}

/** The value the code gave, from Jest's failure message. */
export function actualFrom(reason: string): string {
  const received = /Received(?: value)?:\s*(.+)/.exec(reason);
  if (received) return received[1]!.trim();
  if (/did not throw/.test(reason)) return 'returns without throwing';
  return reason.split('\n')[0]!.replace(/^it fails on the original code:\s*/, '');
}
