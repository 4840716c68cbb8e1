import { BullModule } from '@nestjs/bull';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { AttestConfig } from '../core/attest-config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeyGuard } from './auth/api-key.guard';
import { KeyThrottlerGuard } from './auth/key-throttler.guard';
import { SessionStore } from './auth/session';
import { SessionController } from './auth/session.controller';
import { HealthController } from './health.controller';
import { GenerateProcessor } from './jobs/generate.processor';
import { JobEventHub } from './jobs/job-events';
import { JobStore } from './jobs/job-store';
import { GithubWebhookController } from './jobs/github-webhook.controller';
import { JobsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import type { Role, ServiceConfig } from './service-config';
import { ProblemDetailsFilter } from './problem';
import { VerifyProcessor } from './runner/verify.processor';
import { jobStoreConnection, RedisLifecycle, RedisReadyGuard } from './redis-connection';
import {
  ATTEST_CONFIG,
  bullPrefix,
  GENERATE_QUEUE,
  JOB_STORE,
  REDIS,
  SERVICE_CONFIG,
  SESSION_STORE,
  VERIFY_QUEUE,
} from './tokens';

export interface AppOptions {
  roles: Role[];
  service: ServiceConfig;
  attest: AttestConfig;
}

/**
 * The service: the HTTP API and the generate worker, each on when its role is. Every role
 * shares the job store and the queue in Redis; the pipeline knows nothing of Nest.
 */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    const api = options.roles.includes('api');
    const worker = options.roles.includes('worker');
    const runner = options.roles.includes('runner');
    return {
      module: AppModule,
      imports: [
        BullModule.forRoot({
          redis: options.service.redisUrl,
          // The deployment's namespace: Bull's keys and its pub/sub channels start with it.
          prefix: bullPrefix(options.service.queuePrefix),
          // A job whose worker died (its lock not renewed) is taken up again by another.
          settings: {
            lockDuration: options.service.queueLockMs,
            lockRenewTime: options.service.queueLockMs / 2,
            stalledInterval: options.service.queueLockMs,
          },
        }),
        BullModule.registerQueue({ name: GENERATE_QUEUE }, { name: VERIFY_QUEUE }),
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.service.logLevel,
            // A request is logged at info: above that level, not even prepared.
            autoLogging: ['trace', 'debug', 'info'].includes(options.service.logLevel),
            // Keys and idempotency keys never reach a log.
            redact: ['req.headers.authorization', 'req.headers["idempotency-key"]'],
            customProps: (req) => {
              const id = /^\/v1\/jobs\/([\w-]+)/.exec(req.url ?? '')?.[1];
              return id ? { jobId: id } : {};
            },
          },
        }),
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: options.service.rateLimitPerMinute }]),
      ],
      controllers: api
        ? [HealthController, JobsController, SessionController, GithubWebhookController]
        : [HealthController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: options.service },
        { provide: ATTEST_CONFIG, useValue: options.attest },
        {
          provide: REDIS,
          useFactory: () => jobStoreConnection(options.service.redisUrl),
        },
        RedisLifecycle,
        {
          provide: JOB_STORE,
          inject: [REDIS],
          useFactory: (redis: ReturnType<typeof jobStoreConnection>) =>
            new JobStore(redis, options.service.retentionSeconds, options.service.queuePrefix),
        },
        {
          provide: SESSION_STORE,
          inject: [REDIS],
          useFactory: (redis: ReturnType<typeof jobStoreConnection>) =>
            new SessionStore(redis, options.service.queuePrefix, options.service.sessionSeconds),
        },
        JobsService,
        ...(api ? [JobEventHub] : []),
        // In this order: a request without a valid key never counts against a key's limit.
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: KeyThrottlerGuard },
        { provide: APP_GUARD, useClass: RedisReadyGuard },
        // Every error, from any role's routes, answers application/problem+json.
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        ...(worker ? [GenerateProcessor] : []),
        ...(runner ? [VerifyProcessor] : []),
      ],
    };
  }
}
