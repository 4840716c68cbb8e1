import { addUsage, NO_USAGE, type Candidate, type ModelCall } from '../core/candidate';
import type { Mutant } from '../core/mutant';
import type { ReportRound } from '../core/report';
import type { Target } from '../core/target';
import type { Verdict } from '../core/verdict';
import { mutantsByTarget } from './survivors';

/** The round a candidate or a call belongs to, as the report names it. */
function roundOf(item: { origin: string; survivorRound?: number }): string {
  if (item.survivorRound) return `survivor round ${item.survivorRound}`;
  return item.origin === 'examples' ? 'tier 0' : 'first pass';
}

/** The rounds in the order they run: tier 0, the models' first pass, then each survivor round. */
function order(round: string): number {
  if (round === 'tier 0') return 0;
  if (round === 'first pass') return 1;
  return 1 + Number(round.replace(/\D+/g, ''));
}

/**
 * What each round cost and bought: its calls' usage, its accepted tests, and the mutants of the
 * targeted code that its accepted tests kill and no earlier round's did (the rise it gave the
 * mutation score).
 */
export function roundCosts(
  candidates: Candidate[],
  verdicts: Verdict[],
  calls: ModelCall[],
  mutants: Mutant[],
  targets: Target[],
): ReportRound[] {
  const inTargets = new Set(
    [...mutantsByTarget(targets, mutants).values()].flat().map((m) => m.id),
  );
  const roundById = new Map(candidates.map((c) => [c.id, roundOf(c)]));
  const rounds = [...new Set([...candidates.map(roundOf), ...calls.map(roundOf)])].sort(
    (a, b) => order(a) - order(b),
  );
  const seen = new Set<number>();
  return rounds.map((round) => {
    const usage = calls
      .filter((c) => roundOf(c) === round)
      .reduce((u, c) => addUsage(u, c.usage), NO_USAGE);
    const accepted = verdicts.filter(
      (v) => v.status === 'accepted' && roundById.get(v.candidateId) === round,
    );
    const killed = new Set(
      accepted
        .flatMap((v) => v.killedMutants.map((k) => k.id))
        .filter((id) => inTargets.has(id) && !seen.has(id)),
    );
    for (const id of killed) seen.add(id);
    const tokens = usage.inputTokens + usage.outputTokens;
    return {
      round,
      calls: calls.filter((c) => roundOf(c) === round).length,
      ...usage,
      accepted: accepted.length,
      mutantsKilled: killed.size,
      acceptedPer1kTokens: tokens > 0 ? accepted.length / (tokens / 1000) : null,
    };
  });
}
