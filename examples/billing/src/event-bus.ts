export type Handler<T> = (payload: T) => void;

/** A small typed event emitter: handlers run in the order they subscribed. */
export class EventBus<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<Handler<never>>>();

  /** Subscribes a handler to an event; the function it returns unsubscribes it. */
  on<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as Handler<never>);
    this.handlers.set(event, set);
    return () => this.off(event, handler);
  }

  /** Subscribes a handler that runs on the next emit of the event only. */
  once<K extends keyof Events>(event: K, handler: Handler<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      handler(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, handler: Handler<Events[K]>): void {
    this.handlers.get(event)?.delete(handler as Handler<never>);
  }

  /** Calls every handler of the event with the payload, and returns how many ran. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): number {
    const handlers = [...(this.handlers.get(event) ?? [])] as Handler<Events[K]>[];
    for (const handler of handlers) handler(payload);
    return handlers.length;
  }
}
