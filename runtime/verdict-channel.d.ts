// The types of runtime/verdict-channel.js.

/** A claimed verdict channel: what the runner said first, and how to send a signed record. */
export interface VerdictChannel {
  /** The nonce in the name of the switch's global. */
  readonly nonce: string;
  /** The instrumented files, by absolute path: the only callers the mutant switch answers. */
  readonly code: readonly string[];
  send(record: unknown): void;
}

export function claim(): VerdictChannel | null;
export function seal(): void;
