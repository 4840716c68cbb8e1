import { ENDLESS_TURNS, LOOP_LIMIT, STOPS } from './protocol';

/** The probes an instrumented file calls (see instrument.ts prelude). */
export interface SwitchProbes {
  /** Records that the code reached mutant `id`, and says whether it is the one switched on. */
  mutant(id: number): boolean;
  /** Says whether module data's mutant `id` is switched on (no coverage: it runs at load). */
  data(id: number): boolean;
  /** Counts a loop turn while a mutant is on, and stops a loop that will not end. */
  loop(): void;
  /**
   * Computes an assertion's subject (see assertion-subjects.ts), remembering an error thrown
   * while it was computed, and throws it on.
   */
  subject(compute: () => unknown): unknown;
  /** The same for a subject that awaits: an error it rejects with is remembered. */
  subjectAsync(compute: () => Promise<unknown>): Promise<unknown>;
}

// Taken when this module loads, before any test: a test that replaces them later changes nothing.
const HostError = Error;
const capture = Error.captureStackTrace.bind(Error);
const HostDate = Date;
const now = () => HostDate.now();

/**
 * The file of the function that called `callee`: V8's call sites, one frame, read in this
 * realm, so that neither the test's Error nor its stack formatting is involved.
 */
function callerFile(callee: (...args: never[]) => unknown): string | undefined {
  // Read as a value, and put back as it was (Jest sets one of its own).
  const prepare: unknown = Reflect.get(HostError, 'prepareStackTrace');
  const limit = HostError.stackTraceLimit;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    HostError.prepareStackTrace = (_error, frames) => frames;
    HostError.stackTraceLimit = 1;
    capture(holder, callee);
    return holder.stack?.[0]?.getFileName() ?? undefined;
  } finally {
    Reflect.set(HostError, 'prepareStackTrace', prepare);
    HostError.stackTraceLimit = limit;
  }
}

/**
 * Which mutant is switched on, kept in the runner's realm, out of the test's reach: the test's
 * realm gets only the probes, and a probe tells that a mutant is on only to a caller in one of
 * the instrumented files. A test that asks is told "off", and the switch remembers that it
 * asked, so that its verdict can say so. The question is checked only when the answer would be
 * "on", which is rare, so the probes stay cheap on every other call.
 */
export class MutantSwitch {
  private active = 0;
  private deadline = 0;
  private steps = 0;
  private loopTurns = 0;
  private reached = new Set<number>();
  private asked = false;
  private subjectError: { error: unknown } | null = null;
  readonly probes: Readonly<SwitchProbes>;

  constructor(isCode: (file: string | undefined) => boolean) {
    const answer = (id: number, probe: (id: number) => boolean): boolean => {
      if (this.active !== id) return false;
      if (isCode(callerFile(probe))) return true;
      this.asked = true;
      return false;
    };
    const mutant = (id: number): boolean => {
      this.reached.add(id);
      if (this.active && this.deadline && (++this.steps & 1023) === 0 && now() > this.deadline)
        throw new HostError(this.loopTurns > ENDLESS_TURNS ? STOPS.endless : STOPS.timeout);
      return answer(id, mutant);
    };
    const data = (id: number): boolean => answer(id, data);
    const loop = (): void => {
      if (this.active && ++this.loopTurns > LOOP_LIMIT) throw new HostError(STOPS.endless);
    };
    const remember = (error: unknown): never => {
      this.subjectError = { error };
      throw error;
    };
    const subject = (compute: () => unknown): unknown => {
      try {
        return compute();
      } catch (error) {
        return remember(error);
      }
    };
    const subjectAsync = (compute: () => Promise<unknown>): Promise<unknown> =>
      compute().catch(remember);
    this.probes = Object.freeze({ mutant, data, loop, subject, subjectAsync });
  }

  /** Switches mutant `id` on until `ms` from now (0: no deadline), with fresh counts. */
  on(id: number, ms: number): void {
    this.loopTurns = 0;
    this.steps = 0;
    this.deadline = ms ? now() + ms : 0;
    this.active = id;
  }

  off(): void {
    this.active = 0;
    this.deadline = 0;
  }

  /** Starts a fresh record of the mutants the code reaches. */
  startReaching(): void {
    this.reached = new Set();
  }

  reachedIds(): number[] {
    return [...this.reached].sort((a, b) => a - b);
  }

  /** The last error an assertion's subject threw since last read, or null if none threw. */
  takeSubjectError(): { error: unknown } | null {
    const thrown = this.subjectError;
    this.subjectError = null;
    return thrown;
  }

  /** Whether code outside the instrumented files asked for the switched-on mutant since last read. */
  takeAsked(): boolean {
    const asked = this.asked;
    this.asked = false;
    return asked;
  }
}
