import type { KilledMutant, Verdict } from '../../src/core/verdict';
import { selectTests } from '../../src/pipeline/select-tests';
import { aVerdict } from '../helpers/factories';

const mutant = (id: number): KilledMutant => ({
  id,
  file: 'src/a.ts',
  line: id,
  mutator: 'EqualityOperator',
  replacement: 'a <= b',
  by: 'assertion',
});

function anAccepted(name: string, kills: number[], reached: number[] = kills): Verdict {
  return aVerdict({
    file: 't.test.ts',
    name,
    killedMutants: kills.map(mutant),
    reachedMutants: reached,
  });
}

describe(selectTests.name, () => {
  it('keeps the fewest tests that still kill every mutant the accepted tests kill', () => {
    const chosen = selectTests([
      anAccepted('a', [1, 2]),
      anAccepted('b', [2, 3]),
      anAccepted('c', [1, 2, 3]),
      anAccepted('d', [4]),
    ]);
    expect(chosen.map((v) => v.name)).toEqual(['c', 'd']);
  });

  it('keeps a test that only adds reach, and drops an exact duplicate', () => {
    const chosen = selectTests([
      anAccepted('a', [1], [1, 5]),
      anAccepted('a again', [1], [1, 5]),
      anAccepted('reach', [], [9]),
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
    expect(selectTests([rejected])).toEqual([]);
  });
});
