import type { ModelCall, Usage } from '../core/candidate';
import type { Verdict } from '../core/verdict';
import type { Tier } from './tier';

/** One model call, accounted with the verdicts its test file earned. */
export function callOf(
  tier: Tier,
  targetId: string,
  round: number,
  usage: Usage,
  outcome: ModelCall['outcome'],
  verdicts: Verdict[],
  reason: string | null,
  survivorRound?: number,
): ModelCall {
  return {
    origin: tier.origin,
    targetId,
    round,
    ...(survivorRound ? { survivorRound } : {}),
    usage,
    outcome,
    accepted: verdicts.filter((v) => v.status === 'accepted').length,
    rejected: verdicts.filter((v) => v.status === 'rejected').length,
    reason,
  };
}

/** The runner's reasons, one line per rejected test, as the model should read them. */
export function reasonsOf(verdicts: Verdict[]): string[] {
  if (verdicts.length === 0) return ['the runner found no test in the file.'];
  return verdicts
    .filter((v) => v.status === 'rejected')
    .map((v) => `${v.name}: rejected by the ${v.gate} gate: ${v.reasons.join(' ')}`);
}
