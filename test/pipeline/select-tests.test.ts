import type { KilledMutant, Verdict } from '../../src/core/verdict';
import { selectTests } from '../../src/pipeline/select-tests';

const mutant = (line: number): KilledMutant => ({
  file: 'src/a.ts',
  line,
  mutator: 'EqualityOperator',
  replacement: 'a <= b',
});

function anAccepted(name: string, kills: number[]): Verdict {
  return {
    file: 't.test.ts',
    name,
    status: 'accepted',
    gate: null,
    reasons: [],
    assertionCount: 1,
    killedMutants: kills.map(mutant),
    durationMs: 1,
  };
}

describe(selectTests.name, () => {
  it('keeps the fewest tests that still kill every mutant the accepted tests kill', () => {
    const chosen = selectTests([
      { verdict: anAccepted('a', [1, 2]), covers: [] },
      { verdict: anAccepted('b', [2, 3]), covers: [] },
      { verdict: anAccepted('c', [1, 2, 3]), covers: [] },
      { verdict: anAccepted('d', [4]), covers: [] },
    ]);
    expect(chosen.map((v) => v.name)).toEqual(['c', 'd']);
  });

  it('keeps a test that only adds coverage, and drops an exact duplicate', () => {
    const chosen = selectTests([
      { verdict: anAccepted('a', [1]), covers: ['src/a.ts:1'] },
      { verdict: anAccepted('a again', [1]), covers: ['src/a.ts:1'] },
      { verdict: anAccepted('reach', []), covers: ['src/a.ts:9'] },
    ]);
    expect(chosen.map((v) => v.name)).toEqual(['a', 'reach']);
  });

  it('never selects a rejected test', () => {
    const rejected: Verdict = {
      ...anAccepted('x', [1]),
      status: 'rejected',
      gate: 'stable',
      reasons: ['flaky'],
    };
    expect(selectTests([{ verdict: rejected, covers: ['src/a.ts:1'] }])).toEqual([]);
  });
});
