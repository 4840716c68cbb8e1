import type { Redis } from 'ioredis';
import { Logger } from '@nestjs/common';
import { queuedJob, type JobEvent, type JobRecord, type JobState } from './job-record';

/** A job's event stream keeps its last this many events; a follower that falls further behind
 * resumes from the oldest kept. */
const EVENTS_KEPT = 20_000;

/** The job store's keys, under the deployment's namespace (ATTEST_QUEUE_PREFIX). */
function storeKeys(namespace: string) {
  const prefix = `${namespace}:`;
  return {
    job: (id: string) => `${prefix}job:${id}`,
    all: `${prefix}jobs`,
    owner: (owner: string) => `${prefix}jobs:owner:${owner}`,
    /** An Idempotency-Key is the client's: two tenants may send the same one. */
    idempotency: (owner: string, key: string) => `${prefix}idempotency:${owner}:${key}`,
    events: (id: string) => `${prefix}events:${id}`,
  };
}

/**
 * Job records in Redis: one hash per job, one field per record field (JSON), so that a worker's
 * progress and the API's cancel request never overwrite each other; a sorted set by creation
 * time for listing. Records expire after the retention time.
 */
export class JobStore {
  private readonly keys: ReturnType<typeof storeKeys>;

  constructor(
    private readonly redis: Redis,
    private readonly retentionSeconds: number,
    /** The deployment's namespace: two deployments on one Redis never read each other's jobs. */
    namespace: string,
  ) {
    this.keys = storeKeys(namespace);
  }

  /**
   * Stores a new job, unless `idempotency` already names one: then that job is returned and
   * `created` is false. The key is claimed atomically, so two racing submissions make one job.
   */
  async create(
    record: JobRecord,
    idempotency?: string,
  ): Promise<{ record: JobRecord; created: boolean }> {
    if (idempotency) {
      const claimed = await this.redis.set(
        this.keys.idempotency(record.owner, idempotency),
        record.id,
        'EX',
        this.retentionSeconds,
        'NX',
      );
      if (claimed === null) {
        const existing = await this.redis.get(this.keys.idempotency(record.owner, idempotency));
        const found = existing ? await this.get(existing) : null;
        if (found) return { record: found, created: false };
      }
    }
    await this.redis
      .multi()
      .hset(this.keys.job(record.id), encode(record))
      .expire(this.keys.job(record.id), this.retentionSeconds)
      .zadd(this.keys.all, Date.parse(record.createdAt), record.id)
      .zadd(this.keys.owner(record.owner), Date.parse(record.createdAt), record.id)
      .exec();
    return { record, created: true };
  }

  /** The ids of the jobs still queued, oldest first: those a restart must make sure will run. */
  async queuedIds(): Promise<string[]> {
    const ids = await this.redis.zrange(this.keys.all, 0, -1);
    const records = await this.getMany(ids);
    return records.flatMap((r) => (r?.state === 'queued' ? [r.id] : []));
  }

  async get(id: string): Promise<JobRecord | null> {
    return decode(await this.redis.hgetall(this.keys.job(id)));
  }

  /** Several jobs in one round trip, null for those that expired. */
  private async getMany(ids: string[]): Promise<(JobRecord | null)[]> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keys.job(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, fields]) => {
      if (error) throw error;
      return decode(fields as Record<string, string>);
    });
  }

  /** Sets some fields of a job that exists; a job that expired or was never made is left alone. */
  async update(id: string, patch: Partial<Omit<JobRecord, 'id'>>): Promise<void> {
    if (!(await this.redis.exists(this.keys.job(id)))) return;
    await this.redis.hset(this.keys.job(id), encode(patch));
  }

  /**
   * Appends an event to the job's stream (a Redis stream, so that a follower can resume from
   * the id of the last event it had). The stream expires with the job.
   */
  async appendEvent(id: string, event: JobEvent): Promise<void> {
    const key = this.keys.events(id);
    await this.redis
      .multi()
      .xadd(key, 'MAXLEN', '~', EVENTS_KEPT, '*', 'event', JSON.stringify(event))
      .expire(key, this.retentionSeconds)
      .exec();
  }

  /** The job's events after the one with id `after` ('0': from the first), oldest first. */
  async eventsAfter(id: string, after: string, count = 1000): Promise<StoredEvent[]> {
    const entries = await this.redis.xrange(
      this.keys.events(id),
      after === '0' ? '-' : `(${after}`,
      '+',
      'COUNT',
      count,
    );
    return parseEntries(entries);
  }

  /**
   * Waits up to `blockMs` for events after `after`, on a connection of the caller's own (a
   * blocking read holds its connection).
   */
  async waitForEvents(
    connection: Redis,
    id: string,
    after: string,
    blockMs: number,
  ): Promise<StoredEvent[]> {
    const reply = await connection.xread(
      'COUNT',
      1000,
      'BLOCK',
      blockMs,
      'STREAMS',
      this.keys.events(id),
      after,
    );
    return reply ? parseEntries(reply[0]![1]) : [];
  }

  /** Counts a worker taking the job up. */
  async countAttempt(id: string): Promise<void> {
    await this.redis.hincrby(this.keys.job(id), 'attempts', 1);
  }

  async requestCancel(id: string): Promise<void> {
    await this.redis.hset(this.keys.job(id), 'cancelRequested', '1');
  }

  async cancelRequested(id: string): Promise<boolean> {
    return (await this.redis.hget(this.keys.job(id), 'cancelRequested')) === '1';
  }

  /**
   * Newest first. The cursor is the position to go on from; with a state filter a page may
   * hold fewer than `limit` jobs, and `next` is null at the end.
   */
  async list(options: {
    state?: JobState;
    limit: number;
    cursor: number;
    /** One tenant's jobs; every job when unset. */
    owner?: string;
  }): Promise<{ jobs: JobRecord[]; next: string | null }> {
    const index = options.owner ? this.keys.owner(options.owner) : this.keys.all;
    const jobs: JobRecord[] = [];
    let position = options.cursor;
    const page = Math.max(options.limit, 50);
    for (;;) {
      const ids = await this.redis.zrevrange(index, position, position + page - 1);
      const records = await this.getMany(ids);
      // Expired jobs leave the index; the live ones after them move up into their places.
      const expired = ids.filter((_, i) => records[i] === null);
      if (expired.length) await this.redis.zrem(index, ...expired);
      for (const record of records) {
        if (!record) continue;
        position += 1;
        if (options.state && record.state !== options.state) continue;
        jobs.push(record);
        if (jobs.length === options.limit) return { jobs, next: String(position) };
      }
      if (ids.length < page) return { jobs, next: null };
    }
  }
}

/** An event as the stream keeps it: its stream id (the SSE event id) and the event. */
export interface StoredEvent {
  id: string;
  event: JobEvent;
}

function parseEntries(entries: [string, string[]][]): StoredEvent[] {
  return entries.flatMap(([id, fields]) => {
    const json = fields[fields.indexOf('event') + 1];
    try {
      return json === undefined ? [] : [{ id, event: JSON.parse(json) as JobEvent }];
    } catch {
      return [];
    }
  });
}

/** The fields Attest writes into a job's hash: those of a record, and the cancel request. */
const RECORD_FIELDS = new Set<string>([
  ...Object.keys(queuedJob('', '', { repo: {}, options: {} })),
  'callback',
]);

const log = new Logger('JobStore');
/** Each odd field is reported once a process, not at every read of its job. */
const reported = new Set<string>();

/**
 * A job's record from its hash. A field that Attest did not write (another program's, or one a
 * later version adds), or one that is not JSON, is left out with a warning: one odd field must
 * not make the job unreadable, nor stop the API's start, which reads every queued job.
 */
function decode(fields: Record<string, string>): JobRecord | null {
  if (!fields.id) return null;
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'cancelRequested') continue;
    try {
      if (!RECORD_FIELDS.has(key)) throw new Error('Attest writes no such field');
      record[key] = JSON.parse(value) as unknown;
    } catch (error) {
      const id = fields.id.slice(0, 80);
      if (reported.size > 10_000) reported.clear();
      if (reported.has(`${id}\u0000${key}`)) continue;
      reported.add(`${id}\u0000${key}`);
      log.warn(
        `job ${id}: its field ${JSON.stringify(key.slice(0, 80))} is ignored (${(error as Error).message})`,
      );
    }
  }
  return typeof record.id === 'string' ? (record as unknown as JobRecord) : null;
}

function encode(fields: Partial<JobRecord>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, JSON.stringify(value)]),
  );
}
