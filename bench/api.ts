// bench:api: submissions per second and latency of POST /v1/jobs over real HTTP on loopback,
// with no worker running (jobs stay queued), then a count of the jobs in Redis: none lost.
// Then the event stream's fan-out: many clients follow one job over SSE while events are
// appended to it, and each event's latency from its append to each client is measured.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { JobStore } from '../src/service/jobs/job-store';
import { openSse, type SseStream } from './sse-client';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,50').split(',').map(Number);
const DATABASE = 12;
const SSE_CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 200);
const SSE_EVENTS = Number(process.env.BENCH_SSE_EVENTS ?? 300);
/** Between two appended events: a busy job's pace (a verdict, a gate step). */
const SSE_GAP_MS = 10;

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
    await redis.flushdb();
    console.log(await sseFanOut(base, new JobStore(redis, 3600, 'attest')));
  } finally {
    server.kill('SIGTERM');
    await redis.flushdb();
    await redis.quit();
  }
}

/**
 * SSE_CLIENTS clients follow one queued job's events; the benchmark appends SSE_EVENTS events
 * to its stream, as a worker does, each carrying when it was appended, then the job's end.
 */
async function sseFanOut(base: string, store: JobStore): Promise<string> {
  const submitted = await fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-key', 'content-type': 'application/json' },
    body: JSON.stringify({ repo: { url: 'https://93.184.215.14/owner/repo.git' } }),
  });
  const { id } = (await submitted.json()) as { id: string };
  const append = (message: string) =>
    store.appendEvent(id, { type: 'log', stage: 'verify', message, level: 'info' });
  const clients: SseStream[] = [];
  for (let i = 0; i < SSE_CLIENTS; i += 1)
    clients.push(
      await openSse(`${base}/v1/jobs/${id}/events`, { authorization: 'Bearer bench-key' }),
    );
  // Every client is following once it has heard an event appended after it connected.
  await append('ready');
  while (clients.some((c) => c.events.length === 0)) await sleep(20);

  const started = performance.now();
  for (let seq = 0; seq < SSE_EVENTS; seq += 1) {
    await append(JSON.stringify({ seq, at: performance.now() }));
    await sleep(SSE_GAP_MS);
  }
  await store.appendEvent(id, { type: 'end', state: 'cancelled', message: 'bench over' });
  await Promise.race([Promise.all(clients.map((c) => c.ended)), sleep(30_000)]);
  const seconds = (performance.now() - started) / 1000;
  for (const client of clients) client.close();
  const latencies = clients.flatMap((client) =>
    client.events.flatMap(({ data, at }) => {
      const { message } = data as { message?: string };
      return message?.startsWith('{') ? [at - (JSON.parse(message) as { at: number }).at] : [];
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => `${latencies[Math.floor(q * (latencies.length - 1))]?.toFixed(1)} ms`;
  const expected = SSE_CLIENTS * SSE_EVENTS;
  const ended = clients.filter((c) => c.events.at(-1)?.event === 'end').length;
  return [
    '',
    '| SSE clients on one job | events appended | delivered | missing | event latency p50 | p99 | max | clients that heard the end |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    `| ${SSE_CLIENTS} | ${SSE_EVENTS} in ${seconds.toFixed(1)} s | ${latencies.length} | ${expected - latencies.length} | ${at(0.5)} | ${at(0.99)} | ${at(1)} | ${ended} |`,
    '',
    'Latency: from the append to Redis to the event parsed by the client (all in this process). Target: none missing, p99 ≤ 100 ms.',
  ].join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
