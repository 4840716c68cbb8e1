import { z } from 'zod';
import { ConfigError } from '../core/attest-error';

export { ROLES, type Role } from './roles';

/** The service's own settings, beside the pipeline's (AttestConfig). */
export interface ServiceConfig {
  port: number;
  /** The address `serve` binds: the loopback unless the operator opens it (0.0.0.0 in the image). */
  host: string;
  redisUrl: string;
  /**
   * The deployment's namespace in Redis: every queue, key and channel starts with it, so two
   * deployments on one Redis (any database number: pub/sub ignores it) never see each other.
   */
  queuePrefix: string;
  /** Bearer keys the API accepts; with none, every request but /health gets 401. */
  apiKeys: string[];
  /** Keys that see every tenant's jobs (and Bull Board); they are accepted as API keys too. */
  adminKeys: string[];
  /** Local paths and file:// URLs are refused unless this is set. */
  allowLocalRepos: boolean;
  /** Repository and callback URLs may reach loopback, private and link-local addresses. */
  allowPrivateUrls: boolean;
  /** Requests each API key may make per minute. */
  rateLimitPerMinute: number;
  /** How long job records outlive their job, in seconds. */
  retentionSeconds: number;
  /**
   * How long a worker's hold on a job lasts without renewal; a job whose worker died is taken
   * up again after about this long.
   */
  queueLockMs: number;
  /** On SIGTERM, how long running jobs have to reach their next event and go back to the queue. */
  shutdownGraceMs: number;
  /** Jobs a worker process runs at once, and candidate batches a runner process judges at once. */
  workerConcurrency: number;
  runnerConcurrency: number;
  /** pino's level: info by default, error with ATTEST_QUIET. */
  logLevel: string;
  /** GitHub's webhook: its secret, the repositories it may queue jobs for, and whose key they run under. */
  githubWebhook: { secret: string; repositories: string[]; key: string } | null;
  /** How long a browser's sign-in (its session cookie) lasts. */
  sessionSeconds: number;
  /** Signs callbacks with HMAC-SHA256; unsigned without it. */
  callbackSecret: string | undefined;
  /** The wait before the first retry of a callback; it doubles each time. */
  callbackRetryMs: number;
}

const flag = z.enum(['0', '1', 'true', 'false', '']).default('0');
const isOn = (value: string) => value === '1' || value === 'true';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  ATTEST_HOST: z
    .union([z.ipv4(), z.ipv6()], { error: 'an IP address to bind, such as 127.0.0.1 or 0.0.0.0' })
    .default('127.0.0.1'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  ATTEST_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9][\w.-]{0,63}$/, {
      error: 'a name of letters, digits, _ . or -, at most 64, such as attest-staging',
    })
    .default('attest'),
  ATTEST_API_KEYS: z.string().default(''),
  ATTEST_ADMIN_KEYS: z.string().default(''),
  ATTEST_ALLOW_LOCAL_REPOS: flag,
  ATTEST_ALLOW_PRIVATE_URLS: flag,
  ATTEST_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  ATTEST_WORKER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  ATTEST_RUNNER_CONCURRENCY: z.coerce.number().int().positive().default(1),
  ATTEST_CALLBACK_SECRET: z.string().optional(),
  ATTEST_CALLBACK_RETRY_MS: z.coerce.number().int().positive().default(1000),
  ATTEST_QUIET: z.string().optional(),
  ATTEST_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).optional(),
  ATTEST_QUEUE_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  ATTEST_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  ATTEST_GITHUB_WEBHOOK_SECRET: z.string().optional(),
  ATTEST_GITHUB_WEBHOOK_REPOS: z.string().default(''),
  ATTEST_GITHUB_WEBHOOK_KEY: z.string().optional(),
  ATTEST_SESSION_HOURS: z.coerce.number().positive().max(720).default(12),
  ATTEST_JOB_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
});

/** Reads the service's settings from the environment, naming the variable that is wrong. */
export function parseServiceConfig(env: Record<string, string | undefined>): ServiceConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')} is not valid: ${issue.message}.`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.ATTEST_HOST,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.ATTEST_QUEUE_PREFIX,
    apiKeys: keyList(e.ATTEST_API_KEYS),
    adminKeys: keyList(e.ATTEST_ADMIN_KEYS),
    allowLocalRepos: isOn(e.ATTEST_ALLOW_LOCAL_REPOS),
    allowPrivateUrls: isOn(e.ATTEST_ALLOW_PRIVATE_URLS),
    rateLimitPerMinute: e.ATTEST_RATE_LIMIT_PER_MINUTE,
    retentionSeconds: e.ATTEST_JOB_RETENTION_SECONDS,
    queueLockMs: e.ATTEST_QUEUE_LOCK_MS,
    shutdownGraceMs: e.ATTEST_SHUTDOWN_GRACE_MS,
    workerConcurrency: e.ATTEST_WORKER_CONCURRENCY,
    runnerConcurrency: e.ATTEST_RUNNER_CONCURRENCY,
    logLevel: e.ATTEST_LOG_LEVEL ?? (e.ATTEST_QUIET ? 'error' : 'info'),
    githubWebhook: githubWebhook(e),
    sessionSeconds: Math.round(e.ATTEST_SESSION_HOURS * 3600),
    callbackSecret: e.ATTEST_CALLBACK_SECRET || undefined,
    callbackRetryMs: e.ATTEST_CALLBACK_RETRY_MS,
  };
}

/**
 * The webhook is on with a secret; it needs the repositories it may queue jobs for and the key
 * whose tenant, rate and budget those jobs take, which must be one of the server's keys.
 */
function githubWebhook(e: z.infer<typeof schema>): ServiceConfig['githubWebhook'] {
  const secret = e.ATTEST_GITHUB_WEBHOOK_SECRET;
  if (!secret) return null;
  const key = e.ATTEST_GITHUB_WEBHOOK_KEY ?? '';
  if (![...keyList(e.ATTEST_API_KEYS), ...keyList(e.ATTEST_ADMIN_KEYS)].includes(key))
    throw new ConfigError(
      "ATTEST_GITHUB_WEBHOOK_KEY is not valid: with ATTEST_GITHUB_WEBHOOK_SECRET set, name one of ATTEST_API_KEYS, whose tenant the pull requests' jobs belong to.",
    );
  const repositories = keyList(e.ATTEST_GITHUB_WEBHOOK_REPOS);
  if (repositories.length === 0)
    throw new ConfigError(
      'ATTEST_GITHUB_WEBHOOK_REPOS is not valid: with ATTEST_GITHUB_WEBHOOK_SECRET set, name the repositories it may queue jobs for (owner/name or owner/*, comma-separated).',
    );
  return { secret, repositories, key };
}

function keyList(value: string): string[] {
  return value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
}
