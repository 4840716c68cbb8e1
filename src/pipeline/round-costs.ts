import { addUsage, NO_USAGE, type Candidate, type ModelCall } from '../core/candidate';
import type { Mutant } from '../core/mutant';
import type { ReportRound } from '../core/report';
import { inTargetCode, type Target } from '../core/target';
import type { Verdict } from '../core/verdict';

/** The round a candidate or a call belongs to, in the order rounds run: tier 0 is 0, the models' first pass 1, survivor round n is 1 + n. */
function roundOf(item: { origin: string; survivorRound?: number }): number {
  if (item.survivorRound) return 1 + item.survivorRound;
  return item.origin === 'examples' ? 0 : 1;
}

/** A round as the report names it. */
function label(round: number): string {
  return round === 0 ? 'tier 0' : round === 1 ? 'first pass' : `survivor round ${round - 1}`;
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
  // The same mutants as the mutation score's: tried, and inside the targets' code.
  const inTargets = new Set(
    mutants.filter((m) => m.inFunction && inTargetCode(targets, m.file, m.line)).map((m) => m.id),
  );
  const roundById = new Map(candidates.map((c) => [c.id, roundOf(c)]));
  const rounds = [...new Set([...candidates.map(roundOf), ...calls.map(roundOf)])].sort(
    (a, b) => a - b,
  );
  const seen = new Set<number>();
  return rounds.map((round) => {
    const own = calls.filter((c) => roundOf(c) === round);
    const usage = own.reduce((u, c) => addUsage(u, c.usage), NO_USAGE);
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
      round: label(round),
      calls: own.length,
      ...usage,
      accepted: accepted.length,
      mutantsKilled: killed.size,
      acceptedPer1kTokens: tokens > 0 ? accepted.length / (tokens / 1000) : null,
    };
  });
}
