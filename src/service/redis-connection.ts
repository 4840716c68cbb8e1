import {
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type CanActivate,
  type ExecutionContext,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Request } from 'express';
import { Redis } from 'ioredis';
import { REDIS } from './tokens';

/**
 * The job store's connection. A command waits while Redis is away (ioredis reconnects and
 * replays it), rather than failing after three tries: a worker that loses Redis mid-job writes
 * its progress and its end once Redis is back, and never dies of a rejected write. The outage is
 * logged once when it starts and once when it ends, not at each reconnection.
 */
export function jobStoreConnection(url: string): Redis {
  const log = new Logger('Redis');
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  let away = false;
  redis.on('error', (error: Error) => {
    if (away) return;
    away = true;
    log.warn(`Redis is not reachable (${error.message}): waiting for it to come back`);
  });
  redis.on('ready', () => {
    if (!away) return;
    away = false;
    log.log('Redis is back');
  });
  return redis;
}

/** Closes the job store's Redis connection with the app. */
@Injectable()
export class RedisLifecycle implements OnModuleDestroy {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * While Redis is away, the API answers 503 at once instead of holding each request until Redis
 * returns (job store commands wait for it); /health says what is down.
 */
@Injectable()
export class RedisReadyGuard implements CanActivate {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.path === '/health' || this.redis.status === 'ready') return true;
    throw new ServiceUnavailableException(
      `Redis, where jobs are kept, is not reachable (${this.redis.status}); try again in a moment`,
    );
  }
}
