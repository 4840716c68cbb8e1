import { constants, promises as fs } from 'node:fs';
import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import type { AttestConfig } from '../core/attest-config';
import { Public } from './auth/public';
import { ATTEST_CONFIG, REDIS } from './tokens';

/** /health: Redis answers and the data directory is writable; 503 with what is down otherwise. */
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ATTEST_CONFIG) private readonly config: AttestConfig,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.redisUp(), () => this.dataDirUp()]);
  }

  private async redisUp() {
    const session = this.indicators.check('redis');
    // A command waits while Redis is away: health says so at once instead.
    if (this.redis.status !== 'ready') return session.down(`not connected (${this.redis.status})`);
    try {
      return (await this.redis.ping()) === 'PONG' ? session.up() : session.down('no PONG');
    } catch (error) {
      return session.down(error instanceof Error ? error.message : String(error));
    }
  }

  private async dataDirUp() {
    const session = this.indicators.check('dataDir');
    try {
      await fs.mkdir(this.config.dataDir, { recursive: true });
      await fs.access(this.config.dataDir, constants.W_OK);
      return session.up();
    } catch (error) {
      return session.down(error instanceof Error ? error.message : String(error));
    }
  }
}
