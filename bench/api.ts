// bench:api: submissions per second and latency of POST /v1/jobs over real HTTP on loopback,
// with no worker running (jobs stay queued), then a count of the jobs in Redis: none lost.
import os from 'node:os';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const DATABASE = 12;

async function main(): Promise<void> {
  const redisUrl = `${(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/${DATABASE}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  // The API runs in a process of its own, as deployed, so that autocannon does not share its
  // event loop.
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [path.join(__dirname, '..', '..', 'bin', 'attest.js'), 'serve', '--role', 'api'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        REDIS_URL: redisUrl,
        ATTEST_API_KEYS: 'bench-key',
        ATTEST_RATE_LIMIT_PER_MINUTE: '1000000',
        ATTEST_QUIET: '1',
      },
      stdio: 'ignore',
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `${base}/v1/jobs`;
  try {
    console.log(
      '| connections | submissions/s | p50 | p99 | answered 202 | non-2xx, errors, timeouts | jobs in Redis | in the queue | lost |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const connections of CONNECTIONS) {
      await redis.flushdb();
      const result = await autocannon({
        url,
        method: 'POST',
        connections,
        duration: DURATION_S,
        headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
        body: JSON.stringify({
          // A public address that no one contacts: no worker runs.
          repo: { url: 'https://93.184.215.14/owner/repo.git', ref: 'main' },
          options: { targets: ['src/**'], budgetUsd: 0.5 },
        }),
      });
      // Let the requests still in flight at the deadline land before counting.
      await new Promise((r) => setTimeout(r, 500));
      const accepted = result['2xx'];
      const stored = await redis.zcard('attest:jobs');
      const queued = await redis.llen('attest-bull:attest-generate:wait');
      // autocannon stops counting at the deadline: requests in flight then were stored but
      // their 202 was not counted, so Redis may hold a few more jobs than were answered.
      const lost = Math.max(0, accepted - Math.min(stored, queued));
      const row = [
        connections,
        result.requests.average.toFixed(0),
        `${result.latency.p50} ms`,
        `${result.latency.p99} ms`,
        accepted,
        `${result.non2xx}, ${result.errors}, ${result.timeouts}`,
        stored,
        queued,
        lost,
      ];
      console.log(`| ${row.join(' | ')} |`);
    }
    console.log(
      `\nTargets: ≥ 500 submissions/s, p99 ≤ 50 ms, 0 lost. ${DURATION_S} s per run; ${os.cpus().length} cores, node ${process.version}; reproduce with: npm run bench:api`,
    );
  } finally {
    server.kill('SIGTERM');
    await redis.flushdb();
    await redis.quit();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

void main();
