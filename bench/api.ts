// bench:api: submissions per second and latency of POST /v1/jobs over real HTTP on loopback,
// with no worker running (jobs stay queued), then a count of the jobs in Redis: none lost.
import 'reflect-metadata';
import os from 'node:os';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { createApp } from '../src/service/main';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DATABASE = 12;

async function main(): Promise<void> {
  const redisUrl = `${(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/${DATABASE}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  const app = await createApp(['api'], {
    ...process.env,
    REDIS_URL: redisUrl,
    ATTEST_API_KEYS: 'bench-key',
    ATTEST_QUIET: '1',
  });
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}/v1/jobs`;
  try {
    const result = await autocannon({
      url,
      method: 'POST',
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
      body: JSON.stringify({
        repo: { url: 'https://example.invalid/owner/repo.git', ref: 'main' },
        options: { targets: ['src/**'], budgetUsd: 0.5 },
      }),
    });
    const accepted = result['2xx'];
    const stored = await redis.zcard('attest:jobs');
    const queued = await redis.llen('attest-bull:attest-generate:wait');
    const rows = [
      ['submissions per second (mean)', result.requests.average.toFixed(0), '≥ 500'],
      ['latency p50', `${result.latency.p50} ms`, ''],
      ['latency p99', `${result.latency.p99} ms`, '≤ 50 ms'],
      ['answered 202', String(accepted), ''],
      ['non-2xx, errors, timeouts', `${result.non2xx}, ${result.errors}, ${result.timeouts}`, '0'],
      ['job records in Redis', String(stored), `≥ ${accepted}`],
      ['jobs waiting in the queue', String(queued), `= ${stored}`],
      // autocannon stops counting at the deadline: requests still in flight then were stored
      // but their 202 is not counted, so Redis may hold a few more jobs than answered.
      [
        'lost jobs (answered 202, not in Redis or the queue)',
        String(Math.max(0, accepted - Math.min(stored, queued))),
        '0',
      ],
    ];
    console.log('| figure | measured | target |\n| --- | --- | --- |');
    for (const row of rows) console.log(`| ${row.join(' | ')} |`);
    console.log(
      `\n${CONNECTIONS} connections for ${DURATION_S} s; ${os.cpus().length} cores, node ${process.version}; reproduce with: npm run bench:api`,
    );
  } finally {
    await app.close();
    await redis.flushdb();
    await redis.quit();
  }
}

void main();
