import type { Candidate } from '../../src/core/candidate';
import type { Verdict } from '../../src/core/verdict';
import { Budget } from '../../src/generate/budget';
import type { RepairHint, SurvivorBrief, SurvivorNote } from '../../src/generate/prompt';
import { SurvivorRounds, type SurvivorWork } from '../../src/generate/survivor-rounds';
import type { Draft, Tier } from '../../src/generate/tier';
import { aTarget, aVerdictOn } from '../helpers/factories';

function aSurvivor(id: number): SurvivorNote {
  return {
    id,
    line: id,
    code: `return a < ${id};`,
    original: `a < ${id}`,
    replacement: `a <= ${id}`,
    requirementId: null,
  };
}

interface Asked {
  target: string;
  survivors: number[];
  accepted: number;
  repair: RepairHint | null;
}

/**
 * A model tier that answers each survivor prompt with `answer(target, survivors)`: test names
 * that say what they kill ("kills 3"), or "redundant". It records what each prompt named.
 */
function aTier(
  name: string,
  cost: number,
  answer: (target: string, survivors: number[]) => string[],
): Tier & { asked: Asked[] } {
  const asked: Asked[] = [];
  return {
    name,
    origin: `model:${name}`,
    paid: true,
    asked,
    unavailable: () => null,
    draft(target, repair, brief?: SurvivorBrief): Promise<Draft> {
      if (!brief) throw new Error('a survivor round must give the survivors');
      const survivors = brief.survivors.map((s) => s.id);
      asked.push({ target: target.label, survivors, accepted: brief.accepted.length, repair });
      const tests = answer(target.label, survivors);
      return Promise.resolve({
        status: 'drafted',
        text: tests.map((t) => `it('${t}', () => {});`).join('\n'),
        usage: { inputTokens: 100, outputTokens: 50, costUsd: cost },
      });
    },
  };
}

/** The runner as the gate behaves: "kills N" kills mutant N by assertion when N was a survivor. */
const judge = (candidates: Candidate[]): Promise<Verdict[]> =>
  Promise.resolve(
    candidates.flatMap((c) =>
      c.tests.map((t) => {
        const id = Number(/kills (\d+)/.exec(t.name)?.[1]);
        return aVerdictOn(
          c,
          t.name,
          c.survivors?.includes(id)
            ? {
                killedMutants: [
                  {
                    id,
                    by: 'assertion',
                    file: 'src/a.ts',
                    line: id,
                    mutator: 'x',
                    replacement: 'y',
                  },
                ],
              }
            : {
                status: 'rejected',
                gate: 'added-value',
                reasons: ['it kills none of the mutants that the accepted tests leave alive'],
              },
        );
      }),
    ),
  );

function work(name: string, survivors: number[]): SurvivorWork {
  return { target: aTarget(name), survivors: survivors.map(aSurvivor), accepted: ['it(...)'] };
}

const keep = (text: string) => text;

describe(SurvivorRounds.name, () => {
  it('asks the cheapest tier first, escalates only a round that killed nothing, and starts the next round where the kill came', async () => {
    // cheap kills 1 in round 1, then nothing; strong kills 2 in round 2 and 3 in round 3.
    const cheap = aTier('cheap', 0.01, (_, s) => (s.includes(1) ? ['kills 1'] : ['redundant']));
    const strong = aTier('strong', 0.1, (_, s) => [`kills ${s[0]}`]);
    const rounds = new SurvivorRounds([cheap, strong], judge, new Budget(10, 1), new Set(), {
      maxRounds: 5,
      keep,
    });
    const result = await rounds.run([work('f', [1, 2, 3])]);

    expect(cheap.asked.map((a) => a.survivors)).toEqual([
      [1, 2, 3],
      [2, 3],
    ]);
    expect(strong.asked.map((a) => a.survivors)).toEqual([[2, 3], [3]]);
    // Escalation within a round carries the cheaper tier's rejection; each prompt shows the tests accepted so far.
    expect(strong.asked[0]!.repair?.reasons[0]).toMatch(
      /^redundant: rejected by the added-value gate/,
    );
    expect(strong.asked.map((a) => a.accepted)).toEqual([2, 3]);
    expect(result.outcomes).toEqual([
      {
        targetId: 'src/a.ts#f',
        stop: 'all-killed',
        left: [],
        tried: [],
        rounds: 3,
        tier: 'model:strong',
      },
    ]);
    expect(result.calls.map((c) => [c.origin, c.survivorRound, c.accepted])).toEqual([
      ['model:cheap', 1, 1],
      ['model:cheap', 2, 0],
      ['model:strong', 2, 1],
      ['model:strong', 3, 1],
    ]);
    expect(result.candidates.map((c) => [c.file, c.survivors])).toEqual([
      ['test/attest/a.f.cheap-s1.test.ts', [1, 2, 3]],
      ['test/attest/a.f.cheap-s2.test.ts', [2, 3]],
      ['test/attest/a.f.strong-s2.test.ts', [2, 3]],
      ['test/attest/a.f.strong-s3.test.ts', [3]],
    ]);
    expect(result.candidates.every((c) => c.deliverAs === c.file)).toBe(true);
  });

  it('stops a target after a round in which no tier killed anything, and leaves its survivors listed', async () => {
    const cheap = aTier('cheap', 0.01, () => ['redundant']);
    const strong = aTier('strong', 0.1, () => ['also redundant']);
    const result = await new SurvivorRounds([cheap, strong], judge, new Budget(10, 1), new Set(), {
      maxRounds: 3,
      keep,
    }).run([work('f', [4, 5]), work('g', [])]);
    expect(result.outcomes).toEqual([
      {
        targetId: 'src/a.ts#f',
        stop: 'nothing-new',
        left: [4, 5],
        tried: [4, 5],
        rounds: 1,
        tier: null,
      },
    ]);
    expect(cheap.asked).toHaveLength(1);
    expect(strong.asked).toHaveLength(1);
  });

  it('names a dozen survivors a prompt, and names the others after a round that killed none of those', async () => {
    const ids = Array.from({ length: 14 }, (_, i) => i + 1);
    // Only the last two can be killed.
    const cheap = aTier('cheap', 0.01, (_, s) =>
      s.filter((id) => id > 12).map((id) => `kills ${id}`),
    );
    const result = await new SurvivorRounds([cheap], judge, new Budget(10, 1), new Set(), {
      maxRounds: 3,
      keep,
    }).run([work('f', ids)]);
    expect(cheap.asked.map((a) => a.survivors)).toEqual([ids.slice(0, 12), [13, 14]]);
    expect(result.outcomes[0]).toMatchObject({ stop: 'nothing-new', rounds: 2 });
    // Round 2 killed 13 and 14, yet every other survivor has been named in vain: the rounds stop.
    expect(result.outcomes[0]!.tried).toEqual(ids.slice(0, 12));
  });

  it('stops at --max-rounds and at the budget, saying which', async () => {
    const cheap = aTier('cheap', 0.3, (_, s) => [`kills ${s[0]}`]);
    const capped = await new SurvivorRounds([cheap], judge, new Budget(10, 10), new Set(), {
      maxRounds: 2,
      keep,
    }).run([work('f', [1, 2, 3])]);
    expect(capped.outcomes[0]).toEqual({
      targetId: 'src/a.ts#f',
      stop: 'max-rounds',
      left: [3],
      tried: [],
      rounds: 2,
      tier: 'model:cheap',
    });
    const broke = await new SurvivorRounds([cheap], judge, new Budget(10, 0.5), new Set(), {
      maxRounds: 5,
      keep,
    }).run([work('f', [1, 2, 3])]);
    expect(broke.outcomes[0]).toMatchObject({ stop: 'budget', left: [3] });
    expect(broke.skipped[0]!.reason).toMatch(/the target's cap of \$0.5 is spent/);
  });
});
