import { citedTests } from './cited-tests';
import type { Candidate, ModelCall } from '../core/candidate';
import type { Origin } from '../core/origin';
import type { Target } from '../core/target';
import type { Verdict } from '../core/verdict';
import { testFileFor } from '../plan/plan-targets';
import type { Budget } from './budget';
import { callOf, reasonsOf } from './model-calls';
import type { RepairHint } from './prompt';
import type { Tier } from './tier';

/** The runner, as the router sees it: candidates in, one verdict per test out, as data. */
export type Judge = (candidates: Candidate[]) => Promise<Verdict[]>;

export interface RouteResult {
  candidates: Candidate[];
  verdicts: Verdict[];
  calls: ModelCall[];
  /** Targets left without an accepted test because the money ran out, with why. */
  skipped: { targetId: string; reason: string }[];
  /** Tiers that could not be used, with why (an unreachable endpoint, a missing key). */
  unavailableTiers: { origin: Origin; reason: string }[];
}

/** A route that has made nothing yet. */
export function emptyRoute(): RouteResult {
  return { candidates: [], verdicts: [], calls: [], skipped: [], unavailableTiers: [] };
}

export interface RouterOptions {
  /** Repair rounds per tier after the first answer (default 1). */
  repairRounds: number;
  onRound?: (tier: Tier, round: number, targets: number) => void;
}

/**
 * Cheapest first: every target goes through the tiers in order of price, and only a target with
 * no accepted test yet moves on. Within a tier, each round's candidates are judged together in
 * one runner batch, and the runner's reasons go back to the model for up to `repairRounds` more
 * rounds. The router never judges a test itself: the verdicts come from `judge`.
 */
export class CheapestFirstRouter {
  constructor(
    private readonly tiers: Tier[],
    private readonly judge: Judge,
    private readonly budget: Budget,
    private readonly knownRequirements: ReadonlySet<string>,
    private readonly options: RouterOptions,
  ) {}

  async route(targets: Target[]): Promise<RouteResult> {
    const result = emptyRoute();
    const done = new Set<string>();
    const skipped = new Map<string, string>();
    for (const tier of this.tiers) {
      let hints = new Map<string, RepairHint | null>(
        targets.filter((t) => !done.has(t.id)).map((t) => [t.id, null]),
      );
      const rounds = tier.paid ? this.options.repairRounds + 1 : 1;
      for (let round = 0; round < rounds && hints.size > 0; round += 1) {
        const pending = targets.filter((t) => hints.has(t.id) && !done.has(t.id));
        this.options.onRound?.(tier, round, pending.length);
        const batch: Candidate[] = [];
        const next = new Map<string, RepairHint | null>();
        for (const target of pending) {
          if (tier.unavailable()) continue;
          const refusal = tier.paid ? this.budget.refusal(target.id) : null;
          if (refusal) {
            skipped.set(target.id, refusal);
            continue;
          }
          const draft = await tier.draft(target, hints.get(target.id) ?? null);
          if (draft.status === 'nothing') continue;
          this.budget.spend(target.id, draft.usage.costUsd);
          if (draft.status === 'unusable') {
            result.calls.push(
              callOf(tier, target.id, round, draft.usage, 'unusable', [], draft.reason),
            );
            next.set(target.id, { code: draft.text, reasons: [draft.reason] });
            continue;
          }
          const file = testFileFor(target, round ? `${tier.name}-r${round}` : tier.name);
          batch.push({
            id: file,
            deliverAs: testFileFor(target, tier.name),
            targetId: target.id,
            origin: tier.origin,
            round,
            file,
            text: draft.text,
            tests: citedTests(draft.text, file, this.knownRequirements),
            usage: draft.usage,
          });
        }
        const verdicts = batch.length ? await this.judge(batch) : [];
        result.candidates.push(...batch);
        result.verdicts.push(...verdicts);
        for (const candidate of batch) {
          const own = verdicts.filter((v) => v.candidateId === candidate.id);
          if (tier.paid)
            result.calls.push(
              callOf(tier, candidate.targetId, round, candidate.usage, 'judged', own, null),
            );
          if (own.some((v) => v.status === 'accepted')) done.add(candidate.targetId);
          else next.set(candidate.targetId, { code: candidate.text, reasons: reasonsOf(own) });
        }
        hints = next;
      }
      const reason = tier.unavailable();
      if (reason) result.unavailableTiers.push({ origin: tier.origin, reason });
    }
    result.skipped = [...skipped]
      .filter(([id]) => !done.has(id))
      .map(([targetId, reason]) => ({ targetId, reason }));
    return result;
  }
}
