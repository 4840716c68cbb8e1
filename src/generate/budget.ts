/**
 * The job's spending: a limit for the whole job and a cap per target, in US dollars. A call is
 * refused once either is reached; the call that crosses a limit is allowed, since its price is
 * known only from the answer.
 */
export class Budget {
  private spentTotal = 0;
  private readonly spentBy = new Map<string, number>();

  constructor(
    readonly jobUsd: number,
    readonly targetUsd: number,
  ) {}

  /** What the job has spent so far, in US dollars. */
  get spent(): number {
    return this.spentTotal;
  }

  spend(targetId: string, usd: number): void {
    this.spentTotal += usd;
    this.spentBy.set(targetId, (this.spentBy.get(targetId) ?? 0) + usd);
  }

  /** Why no more may be spent on this target, or null when it may. */
  refusal(targetId: string): string | null {
    if (this.spentTotal >= this.jobUsd)
      return `the job's budget of $${this.jobUsd} is spent ($${this.spentTotal.toFixed(4)}); raise --budget-usd to go on.`;
    const own = this.spentBy.get(targetId) ?? 0;
    if (own >= this.targetUsd)
      return `the target's cap of $${this.targetUsd} is spent ($${own.toFixed(4)}); raise --target-budget-usd to go on.`;
    return null;
  }
}
