import type { Gate, KilledMutant, Verdict } from '../core/verdict';

interface Entry {
  file: string;
  name: string;
  rejection: { gate: Gate; reasons: string[] } | null;
  assertionCount: number;
  killedMutants: KilledMutant[];
  reachedMutants: number[];
  durationMs: number;
}

/** The runner's running account of each candidate test: the first gate that rejects a test decides. */
export class VerdictLedger {
  private readonly entries = new Map<string, Entry>();

  add(file: string, name: string): void {
    const key = keyOf(file, name);
    if (!this.entries.has(key)) {
      this.entries.set(key, {
        file,
        name,
        rejection: null,
        assertionCount: 0,
        killedMutants: [],
        reachedMutants: [],
        durationMs: 0,
      });
    }
  }

  reject(file: string, name: string, gate: Gate, reasons: string[]): void {
    const entry = this.entries.get(keyOf(file, name));
    if (entry && !entry.rejection) entry.rejection = { gate, reasons };
  }

  /** Rejects every still-standing test of a file, for a fault of the file as a whole. */
  rejectFile(file: string, gate: Gate, reasons: string[]): void {
    for (const entry of this.standing(file)) entry.rejection = { gate, reasons };
  }

  update(
    file: string,
    name: string,
    change: Partial<
      Pick<Entry, 'assertionCount' | 'killedMutants' | 'reachedMutants' | 'durationMs'>
    >,
  ): void {
    const entry = this.entries.get(keyOf(file, name));
    if (entry) Object.assign(entry, change);
  }

  /** Tests that no gate has rejected yet, of one file or of all. */
  standing(file?: string): Entry[] {
    return [...this.entries.values()].filter(
      (e) => !e.rejection && (file === undefined || e.file === file),
    );
  }

  standingFiles(): string[] {
    return [...new Set(this.standing().map((e) => e.file))];
  }

  isStanding(file: string, name: string): boolean {
    return this.entries.get(keyOf(file, name))?.rejection === null;
  }

  verdicts(): Verdict[] {
    return [...this.entries.values()].map((e): Verdict => {
      const base = {
        file: e.file,
        name: e.name,
        assertionCount: e.assertionCount,
        killedMutants: e.killedMutants,
        reachedMutants: e.reachedMutants,
        durationMs: e.durationMs,
      };
      return e.rejection
        ? { ...base, status: 'rejected', gate: e.rejection.gate, reasons: e.rejection.reasons }
        : { ...base, status: 'accepted', gate: null, reasons: [] };
    });
  }
}

export function keyOf(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

/** The file and test name of a keyOf key. */
export function splitKey(key: string): { file: string; name: string } {
  const at = key.indexOf('\u0000');
  return { file: key.slice(0, at), name: key.slice(at + 1) };
}
