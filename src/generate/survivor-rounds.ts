import type { Candidate } from '../core/candidate';
import type { Origin } from '../core/origin';
import type { Target } from '../core/target';
import type { Verdict } from '../core/verdict';
import { testFileFor } from '../plan/plan-targets';
import type { Budget } from './budget';
import { emptyRoute, type Judge, type RouteResult } from './cheapest-first-router';
import { citedTests } from './cited-tests';
import { callOf, reasonsOf } from './model-calls';
import type { RepairHint, SurvivorNote } from './prompt';
import type { Tier } from './tier';

/** The most survivors one prompt names. */
const NAMED_PER_PROMPT = 12;

/** A target whose code has mutants that no accepted test kills, and its accepted tests so far. */
export interface SurvivorWork {
  target: Target;
  survivors: SurvivorNote[];
  /** The target's accepted test files (the tests kept in them), shown so they are not repeated. */
  accepted: string[];
}

/** Why a target's survivor rounds ended. */
export type SurvivorStop =
  | 'all-killed'
  /** A round in which no tier's tests killed a survivor by a failed assertion. */
  | 'nothing-new'
  | 'max-rounds'
  | 'budget'
  /** Every model tier was out of use (an unreachable endpoint). */
  | 'no-tier';

export interface SurvivorOutcome {
  targetId: string;
  stop: SurvivorStop;
  /** The ids of the mutants still alive when the rounds ended. */
  left: number[];
  /** Of those, the ids a whole round named at every tier without a kill. */
  tried: number[];
  /** The rounds the target took part in. */
  rounds: number;
  /** The tier whose tests last killed one of its survivors; null when none did. */
  tier: Origin | null;
}

export interface SurvivorRoundsResult extends RouteResult {
  outcomes: SurvivorOutcome[];
}

export interface SurvivorRoundsOptions {
  maxRounds: number;
  /** A test file cut to the named tests (keepTests): what the next prompts show of it. */
  keep: (text: string, file: string, names: ReadonlySet<string>) => string | null;
  onRound?: (tier: Tier, round: number, targets: number) => void;
}

interface TargetState {
  work: SurvivorWork;
  left: SurvivorNote[];
  /** The cheapest tier worth asking: the one whose tests last killed a survivor of this target. */
  start: number;
  /** Whether any tier has killed one of its survivors yet. */
  killedAny: boolean;
  /** The survivors named in this round's prompts. */
  named: SurvivorNote[];
  /** Survivors named in a round that killed nothing: later rounds name the others. */
  tried: Set<number>;
  rounds: number;
  stop: SurvivorStop | null;
}

/**
 * Survivor rounds: the models are asked for tests that kill the mutants the accepted tests leave
 * alive. Each round, a target starts at the tier that last killed one of its survivors (the
 * cheapest at first) and moves up the ladder, with the runner's reasons, only while no tier has
 * killed a survivor in this round. A prompt names at most NAMED_PER_PROMPT survivors; those a
 * round named in vain give way to the others. A target stops when none is left, when a whole
 * round kills nothing new and every survivor has been named, or when its money or the rounds
 * run out. The runner decides: it accepts a test
 * only for a survivor it kills by a failed assertion.
 */
export class SurvivorRounds {
  constructor(
    private readonly tiers: Tier[],
    private readonly judge: Judge,
    private readonly budget: Budget,
    private readonly knownRequirements: ReadonlySet<string>,
    private readonly options: SurvivorRoundsOptions,
  ) {}

  async run(work: SurvivorWork[]): Promise<SurvivorRoundsResult> {
    const result: SurvivorRoundsResult = { ...emptyRoute(), outcomes: [] };
    const states = work
      .filter((w) => w.survivors.length > 0)
      .map((w): TargetState => ({
        work: { ...w, accepted: [...w.accepted] },
        left: w.survivors,
        start: 0,
        killedAny: false,
        named: [],
        tried: new Set<number>(),
        rounds: 0,
        stop: null,
      }));
    const paid = this.tiers.filter((t) => t.paid);
    for (let round = 1; round <= this.options.maxRounds; round += 1) {
      const active = states.filter((s) => s.stop === null);
      if (active.length === 0) break;
      const killed = await this.round(round, active, paid, result);
      for (const state of active) {
        if (state.stop !== null) continue;
        state.rounds = round;
        if (paid.every((t) => t.unavailable())) {
          state.stop = 'no-tier';
          continue;
        }
        if (!killed.has(state)) for (const m of state.named) state.tried.add(m.id);
        if (state.left.length === 0) state.stop = 'all-killed';
        // Every survivor left was named in a round that killed none of them, at every tier.
        else if (untried(state).length === 0) state.stop = 'nothing-new';
      }
    }
    for (const tier of paid) {
      const reason = tier.unavailable();
      if (reason) result.unavailableTiers.push({ origin: tier.origin, reason });
    }
    result.outcomes = states.map((s) => ({
      targetId: s.work.target.id,
      stop: s.stop ?? 'max-rounds',
      left: s.left.map((m) => m.id),
      tried: s.left.filter((m) => s.tried.has(m.id)).map((m) => m.id),
      rounds: s.rounds,
      tier: s.killedAny ? paid[s.start]!.origin : null,
    }));
    return result;
  }

  /**
   * One survivor round: each tier in turn, from the cheapest, asks for the targets that start
   * at it or below and have had no kill in this round, and the runner judges its batch.
   * Returns the targets whose survivors a tier killed.
   */
  private async round(
    round: number,
    active: TargetState[],
    paid: Tier[],
    result: SurvivorRoundsResult,
  ): Promise<Set<TargetState>> {
    const killed = new Set<TargetState>();
    const hints = new Map<TargetState, RepairHint>();
    for (const [index, tier] of paid.entries()) {
      const pending = active.filter((s) => s.stop === null && !killed.has(s) && s.start <= index);
      if (pending.length === 0 || tier.unavailable()) continue;
      this.options.onRound?.(tier, round, pending.length);
      const batch: Candidate[] = [];
      for (const state of pending) {
        const asked = await this.ask(tier, state, round, hints.get(state) ?? null, result);
        if (asked && 'reasons' in asked) hints.set(state, asked);
        else if (asked) batch.push(asked);
      }
      const verdicts = batch.length ? await this.judge(batch) : [];
      result.candidates.push(...batch);
      result.verdicts.push(...verdicts);
      for (const candidate of batch) {
        const state = pending.find((s) => s.work.target.id === candidate.targetId)!;
        const own = verdicts.filter((v) => v.candidateId === candidate.id);
        result.calls.push(
          callOf(tier, candidate.targetId, 0, candidate.usage, 'judged', own, null, round),
        );
        if (this.credit(state, candidate, own, index)) killed.add(state);
        else hints.set(state, { code: candidate.text, reasons: reasonsOf(own) });
      }
    }
    return killed;
  }

  /**
   * Takes the runner's verdicts on a survivor round's file: its accepted tests (each killed a
   * named survivor by assertion, or the gate would have rejected it) leave fewer survivors, join
   * the tests the next prompts show, and make this tier the target's starting tier.
   */
  private credit(state: TargetState, candidate: Candidate, own: Verdict[], tier: number): boolean {
    const accepted = own.filter((v) => v.status === 'accepted');
    if (accepted.length === 0) return false;
    state.start = tier;
    state.killedAny = true;
    state.left = stillAlive(state.left, accepted);
    const names = new Set(accepted.map((v) => v.name));
    const kept = this.options.keep(candidate.text, candidate.file, names);
    if (kept) state.work.accepted.push(kept);
    return true;
  }

  /**
   * One model call for one target: the candidate to judge, the hint for the next tier when the
   * answer held no test file, or null when nothing was asked.
   */
  private async ask(
    tier: Tier,
    state: TargetState,
    round: number,
    repair: RepairHint | null,
    result: SurvivorRoundsResult,
  ): Promise<Candidate | RepairHint | null> {
    const { target } = state.work;
    const refusal = this.budget.refusal(target.id);
    if (refusal) {
      state.stop = 'budget';
      result.skipped.push({ targetId: target.id, reason: refusal });
      return null;
    }
    // A prompt names a few survivors at a time: a long list costs tokens on every call, and the
    // rest come up in later rounds once these are killed.
    const named = (state.named = untried(state).slice(0, NAMED_PER_PROMPT));
    const draft = await tier.draft(target, repair, {
      survivors: named,
      accepted: state.work.accepted,
    });
    if (draft.status === 'nothing') return null;
    this.budget.spend(target.id, draft.usage.costUsd);
    if (draft.status === 'unusable') {
      result.calls.push(
        callOf(tier, target.id, 0, draft.usage, 'unusable', [], draft.reason, round),
      );
      return { code: draft.text, reasons: [draft.reason] };
    }
    // Each round's file is delivered on its own: the first pass's file keeps its tests.
    const file = testFileFor(target, `${tier.name}-s${round}`);
    return {
      id: file,
      deliverAs: file,
      targetId: target.id,
      origin: tier.origin,
      round: 0,
      survivorRound: round,
      survivors: named.map((m) => m.id),
      file,
      text: draft.text,
      tests: citedTests(draft.text, file, this.knownRequirements),
      usage: draft.usage,
    };
  }
}

/** The survivors no round has named in vain yet. */
function untried(state: TargetState): SurvivorNote[] {
  return state.left.filter((m) => !state.tried.has(m.id));
}

/** The survivors that none of these accepted tests kills, in any way. */
function stillAlive(survivors: SurvivorNote[], accepted: Verdict[]): SurvivorNote[] {
  const killed = new Set(accepted.flatMap((v) => v.killedMutants.map((k) => k.id)));
  return survivors.filter((m) => !killed.has(m.id));
}
