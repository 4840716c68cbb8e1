import type { Candidate, ModelCall } from '../../src/core/candidate';
import type { KilledMutant } from '../../src/core/verdict';
import { roundCosts } from '../../src/pipeline/round-costs';
import { aTarget, aVerdict } from '../helpers/factories';

const target = aTarget('f', { codeLines: [{ line: 1, endLine: 9 }] });
const mutants = [1, 2, 3, 4].map((id) => ({
  id,
  file: 'src/a.ts',
  line: id,
  mutator: 'x',
  original: 'a',
  replacement: 'b',
  inFunction: true,
}));

function aCandidate(id: string, origin: Candidate['origin'], survivorRound?: number): Candidate {
  return {
    id,
    targetId: target.id,
    origin,
    round: 0,
    ...(survivorRound ? { survivorRound } : {}),
    file: id,
    deliverAs: id,
    text: '',
    tests: [],
    usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  };
}

function aCall(
  survivorRound: number | undefined,
  input: number,
  output: number,
  costUsd: number,
): ModelCall {
  return {
    origin: 'model:cheap',
    targetId: target.id,
    round: 0,
    ...(survivorRound ? { survivorRound } : {}),
    usage: { inputTokens: input, outputTokens: output, costUsd },
    outcome: 'judged',
    accepted: 0,
    rejected: 0,
    reason: null,
  };
}

const kills = (...ids: number[]): KilledMutant[] =>
  ids.map((id) => ({
    id,
    by: 'assertion',
    file: 'src/a.ts',
    line: id,
    mutator: 'x',
    replacement: 'b',
  }));

describe(roundCosts.name, () => {
  it('gives each round its own usage and the kills no earlier round made, in the order they ran', () => {
    const candidates = [
      aCandidate('s2', 'model:cheap', 2),
      aCandidate('t0', 'examples'),
      aCandidate('s1', 'model:cheap', 1),
    ];
    const verdicts = [
      aVerdict({ candidateId: 't0', file: 't0', killedMutants: kills(1, 2) }),
      aVerdict({ candidateId: 's1', file: 's1', killedMutants: kills(2, 3) }),
      aVerdict({ candidateId: 's2', file: 's2', name: 'kept', killedMutants: kills(4) }),
      aVerdict({
        candidateId: 's2',
        file: 's2',
        name: 'hollow',
        status: 'rejected',
        gate: 'added-value',
        reasons: ['x'],
        killedMutants: kills(4),
      }),
    ];
    const calls = [aCall(1, 1000, 200, 0.01), aCall(2, 1500, 300, 0.02), aCall(2, 500, 100, 0.005)];
    expect(roundCosts(candidates, verdicts, calls, mutants, [target])).toEqual([
      {
        round: 'tier 0',
        calls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        accepted: 1,
        mutantsKilled: 2,
        acceptedPer1kTokens: null,
      },
      {
        round: 'survivor round 1',
        calls: 1,
        inputTokens: 1000,
        outputTokens: 200,
        costUsd: 0.01,
        accepted: 1,
        mutantsKilled: 1,
        acceptedPer1kTokens: 1 / 1.2,
      },
      {
        round: 'survivor round 2',
        calls: 2,
        inputTokens: 2000,
        outputTokens: 400,
        costUsd: 0.025,
        accepted: 1,
        mutantsKilled: 1,
        acceptedPer1kTokens: 1 / 2.4,
      },
    ]);
  });
});
