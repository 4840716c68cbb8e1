import type { Candidate } from '../../src/core/candidate';
import type { Target } from '../../src/core/target';
import type { Verdict } from '../../src/core/verdict';
import { Budget } from '../../src/generate/budget';
import { CheapestFirstRouter } from '../../src/generate/cheapest-first-router';
import type { RepairHint } from '../../src/generate/prompt';
import type { Draft, Tier } from '../../src/generate/tier';
import { aTarget, aVerdictOn } from '../helpers/factories';

/** A tier that answers from a table keyed by target and round, and records the hints it got. */
function aTier(
  name: string,
  cost: number,
  answers: Record<string, string[]>,
): Tier & { hints: (RepairHint | null)[] } {
  const rounds = new Map<string, number>();
  const hints: (RepairHint | null)[] = [];
  return {
    name,
    origin: `model:${name}`,
    paid: true,
    hints,
    unavailable: () => null,
    draft(target: Target, repair: RepairHint | null): Promise<Draft> {
      hints.push(repair);
      const round = rounds.get(target.id) ?? 0;
      rounds.set(target.id, round + 1);
      const text = answers[target.label]?.[round];
      if (text === undefined)
        throw new Error(`unscripted draft for ${target.label} round ${round}`);
      return Promise.resolve({
        status: 'drafted',
        text: `it('${text}', () => {});\n`,
        usage: { inputTokens: 10, outputTokens: 5, costUsd: cost },
      });
    },
  };
}

/** A judge that accepts a test whose name starts with "good". */
const judge = (candidates: Candidate[]): Promise<Verdict[]> =>
  Promise.resolve(
    candidates.flatMap((c) =>
      c.tests.map((t) =>
        aVerdictOn(
          c,
          t.name,
          t.name.startsWith('good')
            ? {}
            : { status: 'rejected', gate: 'mutation', reasons: ['kills nothing'] },
        ),
      ),
    ),
  );

describe(CheapestFirstRouter.name, () => {
  it('moves only the targets with no accepted test to the next tier, after a repair round', async () => {
    const cheap = aTier('cheap', 0.01, {
      a: ['good a'],
      b: ['bad b', 'good b'],
      c: ['bad c', 'bad c'],
    });
    const strong = aTier('strong', 0.1, { c: ['good c'] });
    const router = new CheapestFirstRouter([cheap, strong], judge, new Budget(10, 1), new Set(), {
      repairRounds: 1,
    });
    const result = await router.route(['a', 'b', 'c'].map((n) => aTarget(n)));
    const accepted = result.verdicts.filter((v) => v.status === 'accepted').map((v) => v.file);
    expect(accepted).toEqual([
      'test/attest/a.a.cheap.test.ts',
      'test/attest/a.b.cheap-r1.test.ts',
      'test/attest/a.c.strong.test.ts',
    ]);
    expect(cheap.hints.filter(Boolean).map((h) => h!.reasons)).toEqual([
      ['bad b: rejected by the mutation gate: kills nothing'],
      ['bad c: rejected by the mutation gate: kills nothing'],
    ]);
    expect(
      result.calls.map((c) => [c.origin, c.targetId.split('#')[1], c.round, c.accepted]),
    ).toEqual([
      ['model:cheap', 'a', 0, 1],
      ['model:cheap', 'b', 0, 0],
      ['model:cheap', 'c', 0, 0],
      ['model:cheap', 'b', 1, 1],
      ['model:cheap', 'c', 1, 0],
      ['model:strong', 'c', 0, 1],
    ]);
    expect(result.candidates.find((c) => c.file.endsWith('a.b.cheap-r1.test.ts'))?.deliverAs).toBe(
      'test/attest/a.b.cheap.test.ts',
    );
  });

  it('skips the remaining targets, with the reason, once the budget is spent', async () => {
    const cheap = aTier('cheap', 0.6, { a: ['bad a'], b: ['bad b'], c: [] });
    const router = new CheapestFirstRouter([cheap], judge, new Budget(1, 1), new Set(), {
      repairRounds: 1,
    });
    const result = await router.route(['a', 'b', 'c'].map((n) => aTarget(n)));
    expect(result.calls.map((c) => c.targetId)).toEqual(['src/a.ts#a', 'src/a.ts#b']);
    expect(result.skipped.map((s) => s.targetId)).toEqual([
      'src/a.ts#c',
      'src/a.ts#a',
      'src/a.ts#b',
    ]);
    expect(result.skipped[0]!.reason).toMatch(/^the job's budget of \$1 is spent \(\$1\.2000\)/);
  });
});
