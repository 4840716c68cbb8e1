import type { Usage } from '../core/candidate';
import type { Origin } from '../core/origin';
import type { Target } from '../core/target';
import type { RepairHint, SurvivorBrief } from './prompt';

/** What a tier made for one target. */
export type Draft =
  | { status: 'drafted'; text: string; usage: Usage }
  /** The answer came, and cost, but holds no test file the runner could judge. */
  | { status: 'unusable'; reason: string; text: string; usage: Usage }
  /** The tier has nothing to offer this target (tier 0 with no stated example). */
  | { status: 'nothing'; reason: string };

/** One rung of the router's ladder: tier 0 or a configured model. */
export interface Tier {
  /** Used in file names: `examples`, or the model's name. */
  name: string;
  origin: Origin;
  /** A model tier: it costs money, so the budget applies, and the runner's reasons go back to it for another try. */
  paid: boolean;
  /** Null when the tier can be used; otherwise why it is skipped. */
  unavailable(): string | null;
  /** `survivors` is set in a survivor round: the test file must kill mutants the accepted tests miss. */
  draft(target: Target, repair: RepairHint | null, survivors?: SurvivorBrief): Promise<Draft>;
}
