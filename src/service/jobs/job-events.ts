import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { JOB_STORE, REDIS } from '../tokens';
import type { JobStore, StoredEvent } from './job-store';

/** How long a follower's read waits for new events before it looks again. */
const BLOCK_MS = 10_000;

type Listener = (events: StoredEvent[]) => void;

/** Whether stream id `a` comes after `b` (ids are `<ms>-<seq>`). */
export function isAfter(a: string, b: string): boolean {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am > bm : as > bs;
}

/**
 * One reader per followed job, shared by every client that follows it: 200 clients watching a
 * job cost one blocking read on one connection, not 200. Each client first reads what it
 * missed (from its Last-Event-ID) and then hears the shared reader's events after that.
 */
@Injectable()
export class JobEventHub implements OnModuleDestroy {
  private readonly followers = new Map<string, Follower>();
  /** The clients following now, told when the service shuts down (else it waits for them). */
  private readonly open = new Set<() => void>();
  private readonly log = new Logger('events');

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /**
   * Calls `listener` with the job's events after `after`, in order and each once, until the
   * returned function is called.
   */
  async follow(
    id: string,
    after: string,
    listener: Listener,
    /** Called if the service shuts down while the client still follows. */
    onShutdown: () => void,
  ): Promise<() => void> {
    let last = after;
    const hear = (events: StoredEvent[]) => {
      const fresh = events.filter((e) => isAfter(e.id, last));
      if (!fresh.length) return;
      last = fresh[fresh.length - 1]!.id;
      listener(fresh);
    };
    // The backlog first, page by page; then the shared reader, from where the backlog ended.
    for (;;) {
      const page = await this.store.eventsAfter(id, last);
      hear(page);
      if (page.length < 1000) break;
    }
    let follower = this.followers.get(id);
    if (!follower) {
      follower = new Follower(this.store, this.redis.duplicate(), id, last, this.log);
      this.followers.set(id, follower);
    }
    follower.listeners.add(hear);
    this.open.add(onShutdown);
    const joined = follower;
    return () => {
      this.open.delete(onShutdown);
      joined.listeners.delete(hear);
      if (joined.listeners.size === 0) {
        this.followers.delete(id);
        joined.stop();
      }
    };
  }

  onModuleDestroy(): void {
    for (const shutdown of [...this.open]) shutdown();
    for (const follower of this.followers.values()) follower.stop();
    this.followers.clear();
  }
}

/** The shared reader of one job's stream, on a connection of its own. */
class Follower {
  readonly listeners = new Set<Listener>();
  private stopped = false;

  constructor(
    private readonly store: JobStore,
    private readonly connection: Redis,
    private readonly id: string,
    private last: string,
    private readonly log: Logger,
  ) {
    void this.read();
  }

  private async read(): Promise<void> {
    while (!this.stopped) {
      try {
        const events = await this.store.waitForEvents(
          this.connection,
          this.id,
          this.last,
          BLOCK_MS,
        );
        if (!events.length) continue;
        this.last = events[events.length - 1]!.id;
        for (const listener of this.listeners) listener(events);
      } catch (error) {
        if (this.stopped) return;
        // Redis away: the connection reconnects; look again in a moment.
        this.log.warn(`job ${this.id}: reading its events failed (${String(error)})`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  stop(): void {
    this.stopped = true;
    // Ends the blocking read at once.
    this.connection.disconnect();
  }
}
