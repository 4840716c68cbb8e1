import { AsyncLocalStorage } from 'node:async_hooks';

/** The error of work stopped by its scope's signal: a cancelled job, not a failed test. */
export class RunAborted extends Error {
  constructor(message = 'the run was stopped: its job was cancelled') {
    super(message);
    this.name = 'RunAborted';
  }
}

interface Scope {
  signal: AbortSignal;
  /** How to stop each process (or wait) of the scope that is running now. */
  stops: Set<() => void>;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `work` so that everything it starts, however deep (each test process the runner spawns,
 * each wait on a runner job), stops when `signal` aborts: running processes are killed with
 * their group, later ones are refused with RunAborted. A job's cancel reaches the sandboxed
 * processes this way without every layer between passing a signal along.
 */
export function abortable<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  const scope: Scope = { signal, stops: new Set() };
  const stopAll = () => {
    for (const stop of scope.stops) stop();
  };
  signal.addEventListener('abort', stopAll, { once: true });
  return scopes.run(scope, work).finally(() => signal.removeEventListener('abort', stopAll));
}

/**
 * Registers `stop` with the current scope while something runs: the returned function
 * unregisters it. Null when the scope has already been stopped, so nothing should start;
 * outside any scope it does nothing.
 */
export function onAbort(stop: () => void): (() => void) | null {
  const scope = scopes.getStore();
  if (!scope) return () => {};
  if (scope.signal.aborted) return null;
  scope.stops.add(stop);
  return () => scope.stops.delete(stop);
}
