import type { Candidate } from '../core/candidate';
import type { Example } from '../core/requirement';
import type { RequirementConflict } from '../core/report';
import type { GroundedExample, Target } from '../core/target';
import type { TestId } from '../core/test-map';
import type { Verdict } from '../core/verdict';
import { citedTests } from '../generate/cited-tests';
import { renderExampleTests } from '../generate/example-tests';
import { testFileFor } from '../plan/plan-targets';
import type { JobJudge } from './judge';

/** A stated example that the code contradicts, with the test that showed it. */
export interface FoundConflict extends RequirementConflict {
  /** The tier-0 test that failed on the original code. */
  test: TestId;
}

/** Jest's words for an assertion that compared and failed, as opposed to a test that crashed. */
const ASSERTION_FAILED = /Expected|Received|did not throw/;

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
    // Each example rendered alone: its test has the name it had in the whole file.
    const alone = target.examples.map((grounded) => {
      const text = renderExampleTests(target.symbol, target.importLine, [grounded]);
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
    conflicts.push({
      requirementId: grounded.requirement.id,
      target: target.label,
      file: grounded.requirement.file,
      line: grounded.example.line,
      expected: expectedAsWritten(grounded.example),
      actual: actualFrom(alone.reasons.join('\n')),
      test: { file: test.file, name: test.name },
    });
  }
  return conflicts;
}

function expectedAsWritten(example: Example): string {
  const e = example.expected;
  return e.kind === 'value' ? e.text : `throws ${e.errorType ?? 'an error'}`;
}

/** The value the code gave, from Jest's failure message. */
function actualFrom(reason: string): string {
  const received = /Received(?: value)?:\s*(.+)/.exec(reason);
  if (received) return received[1]!.trim();
  if (/did not throw/.test(reason)) return 'returns without throwing';
  return reason.split('\n')[0]!.replace(/^it fails on the original code:\s*/, '');
}
