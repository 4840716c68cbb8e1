import type { CandidateRef, Gate, KilledMutant, Verdict } from '../core/verdict';
import { TestMap, type TestId } from '../core/test-map';

/** What a gate may record on a standing test, short of rejecting it. */
export type Evidence = Partial<
  Pick<Verdict, 'assertionCount' | 'killedMutants' | 'reachedMutants' | 'durationMs'>
>;

/**
 * The runner's running account of each candidate test, kept as the verdicts themselves: a test
 * stands (accepted) until the first gate that rejects it decides.
 */
export class VerdictLedger {
  private readonly tests = new TestMap<Verdict>();

  add(test: TestId, candidate: CandidateRef): void {
    this.tests.upsert(test, () => ({
      ...candidate,
      ...test,
      status: 'accepted',
      gate: null,
      reasons: [],
      assertionCount: 0,
      killedMutants: [] as KilledMutant[],
      reachedMutants: [],
      durationMs: 0,
    }));
  }

  /** A verdict an earlier verification of the same inputs reached (verdict-cache.ts). */
  restore(verdict: Verdict): void {
    this.tests.set(verdict, verdict);
  }

  reject(test: TestId, gate: Gate, reasons: string[]): void {
    const verdict = this.tests.get(test);
    if (verdict?.status === 'accepted')
      this.tests.set(test, { ...verdict, status: 'rejected', gate, reasons });
  }

  /** Rejects every still-standing test of a file, for a fault of the file as a whole. */
  rejectFile(file: string, gate: Gate, reasons: string[]): void {
    for (const verdict of this.standing(file)) this.reject(verdict, gate, reasons);
  }

  record(test: TestId, evidence: Evidence): void {
    const verdict = this.tests.get(test);
    if (verdict) this.tests.set(test, { ...verdict, ...evidence });
  }

  /** Tests that no gate has rejected yet, of one file or of all. */
  standing(file?: string): Verdict[] {
    const verdicts = file === undefined ? this.tests.values() : this.tests.ofFile(file);
    return verdicts.filter((v) => v.status === 'accepted');
  }

  standingFiles(): string[] {
    return [...new Set(this.standing().map((v) => v.file))];
  }

  verdicts(): Verdict[] {
    return this.tests.values();
  }
}
