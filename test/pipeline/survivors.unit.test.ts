import type { Requirement } from '../../src/core/requirement';
import {
  governingRequirement,
  mutantsByTarget,
  reportSurvivors,
  survivorWork,
} from '../../src/pipeline/survivors';
import { aMutant, aTarget, aVerdict } from '../helpers/factories';

function aRequirement(id: string, text: string): Requirement {
  return {
    id,
    source: 'markdown',
    file: 'README.md',
    line: 1,
    endLine: 2,
    headingPath: [],
    text,
    examples: [],
    symbolId: null,
    tables: [],
  };
}

const clamp = aTarget('clamp', {
  codeLines: [
    { line: 1, endLine: 5 },
    { line: 20, endLine: 30 },
  ],
  requirements: [
    {
      requirement: aRequirement('R-1', 'clamp keeps a value within bounds'),
      reason: 'doc',
      score: 1,
    },
    {
      requirement: aRequirement('R-2', 'The lower bound wins over the upper bound'),
      reason: 'retrieved',
      score: 0.5,
    },
  ],
});
// A helper (lines 20-30) that both targets reach belongs to the narrower range that holds it.
const wrap = aTarget('wrap', {
  codeLines: [
    { line: 6, endLine: 10 },
    { line: 22, endLine: 24 },
  ],
});
const mutants = [
  aMutant(1, 2),
  aMutant(2, 3),
  aMutant(3, 7),
  aMutant(4, 23),
  aMutant(5, 3, { inFunction: false }),
  aMutant(6, 2, { file: 'src/b.ts' }),
];

describe(mutantsByTarget.name, () => {
  it("gives each tried mutant of the targets' code to the target whose range around it is narrowest", () => {
    const owned = mutantsByTarget([clamp, wrap], mutants);
    expect(owned.get(clamp.id)!.map((m) => m.id)).toEqual([1, 2]);
    expect(owned.get(wrap.id)!.map((m) => m.id)).toEqual([3, 4]);
  });
});

describe(governingRequirement.name, () => {
  it("picks the requirement sharing most words with the line beyond the target's name, and none when none shares one", () => {
    expect(governingRequirement(clamp, 'if (lower > upper) return lower')).toBe('R-2');
    expect(governingRequirement(clamp, 'return clamp(value)')).toBe('R-1');
    expect(governingRequirement(clamp, 'return clamp(x)')).toBeNull();
  });
});

describe(survivorWork.name, () => {
  it('names the mutants no accepted test and no suite test kills, with their line and the accepted tests', () => {
    const accepted = aVerdict({
      candidateId: 'c1',
      file: 'test/c1.test.ts',
      name: 'keeps it',
      target: clamp.id,
      killedMutants: [
        { id: 1, by: 'error', file: 'src/a.ts', line: 2, mutator: 'x', replacement: 'y' },
      ],
    });
    const rejected = aVerdict({
      candidateId: 'c1',
      file: 'test/c1.test.ts',
      name: 'hollow',
      status: 'rejected',
      gate: 'mutation',
      reasons: ['x'],
      killedMutants: [
        { id: 2, by: 'assertion', file: 'src/a.ts', line: 3, mutator: 'x', replacement: 'y' },
      ],
    });
    const candidate = {
      id: 'c1',
      targetId: clamp.id,
      origin: 'examples' as const,
      round: 0,
      file: 'test/c1.test.ts',
      deliverAs: 'test/c1.test.ts',
      text: "it('keeps it', () => {});\n\nit('hollow', () => {});\n",
      tests: [],
      usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    };
    const sources = new Map([
      ['src/a.ts', 'function clamp(v) {\n  if (value < lower) {\n    return lower;\n'],
    ]);
    const [forClamp, forWrap] = survivorWork(
      [clamp, wrap],
      mutants,
      [candidate],
      [accepted, rejected],
      [3],
      sources,
    );
    expect(forClamp!.survivors).toEqual([
      {
        id: 2,
        line: 3,
        code: 'return lower;',
        original: 'a < b',
        replacement: 'a <= b',
        requirementId: 'R-2',
      },
    ]);
    expect(forClamp!.accepted).toEqual(["it('keeps it', () => {});\n"]);
    expect(forWrap!.survivors.map((s) => s.id)).toEqual([4]);
  });
});

describe(reportSurvivors.name, () => {
  it('marks a survivor possibly equivalent when kept tests run it and the rounds that ran did not kill it', () => {
    const kept = aVerdict({ target: clamp.id, reachedMutants: [1, 2, 3] });
    const survivors = reportSurvivors(
      [clamp, wrap],
      mutants,
      [kept],
      [],
      [
        {
          targetId: clamp.id,
          stop: 'nothing-new',
          left: [1],
          tried: [1],
          rounds: 2,
          tier: 'model:cheap',
        },
        { targetId: wrap.id, stop: 'budget', left: [3, 4], tried: [], rounds: 1, tier: null },
      ],
    );
    expect(survivors.map((s) => [s.id, s.mark, s.why])).toEqual([
      [
        1,
        'possibly-equivalent',
        expect.stringMatching(/a survivor round that named it at every model tier killed nothing/),
      ],
      [
        2,
        'possibly-equivalent',
        expect.stringMatching(/no survivor round killed it: .*did not name it/),
      ],
      [3, 'possibly-equivalent', expect.stringMatching(/stopped at the budget/)],
      [4, 'untested', 'no kept test runs this code.'],
    ]);
  });

  it('leaves a survivor that kept tests run untested when no survivor round ran for its target', () => {
    const kept = aVerdict({ target: clamp.id, reachedMutants: [1] });
    const [survivor] = reportSurvivors([clamp], mutants, [kept], [], []);
    expect([survivor!.id, survivor!.mark, survivor!.why]).toEqual([
      1,
      'untested',
      expect.stringMatching(/none notices the change: no survivor round asked a model/),
    ]);
  });
});
