import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/service/main';
import { BIN } from '../helpers/attest-bin';
import { aBareRepository } from '../helpers/git';
import { startOwnRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

const auth = { Authorization: 'Bearer outage-key' };
/** How long Redis stays down: 10 s here; ATTEST_TEST_OUTAGE_MS=60000 tries the full minute. */
const OUTAGE_MS = Number(process.env.ATTEST_TEST_OUTAGE_MS ?? 10_000);

/** A worker and a runner as deployed (processes of their own), and Redis gone for a while. */
describe('a Redis outage', () => {
  const data = tempDir();
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;
  let api: INestApplication;
  let worker: ChildProcess;
  let workerLog = '';

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await api?.close();
    await redis?.stop();
    data.dispose();
  });

  /** The job's state once `done` holds for it, or after three minutes. */
  async function until(id: string, done: (state: string) => boolean): Promise<string> {
    let state = '';
    for (let i = 0; i < 900 && !done(state); i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      const answer = await request(api.getHttpServer() as Server)
        .get(`/v1/jobs/${id}`)
        .set(auth);
      if (answer.status === 200) state = (answer.body as { state: string }).state;
    }
    return state;
  }

  const completed = (id: string) =>
    until(id, (state) => state === 'completed' || state === 'failed');

  async function submit(name: string): Promise<string> {
    const url = aBareRepository(data.path, name);
    const { body } = await request(api.getHttpServer() as Server)
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url }, options: { deliver: { push: false } } })
      .expect(202);
    return (body as { id: string }).id;
  }

  it('leaves the worker running, and it takes the next job once Redis is back', async () => {
    // With its append-only file, as deployed (docker-compose.yml): an outage loses no job.
    redis = await startOwnRedis(data.path);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      REDIS_URL: redis.url,
      ATTEST_API_KEYS: 'outage-key',
      ATTEST_RATE_LIMIT_PER_MINUTE: '100000',
      ATTEST_ALLOW_LOCAL_REPOS: '1',
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUIET: '1',
      // The job under way and the next one run side by side once Redis is back.
      ATTEST_WORKER_CONCURRENCY: '2',
      PORT: '0',
    };
    api = await createApp(['api'], env);
    await api.listen(0, '127.0.0.1');
    worker = spawn(process.execPath, [BIN, 'serve', '--role', 'worker,runner'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [worker.stdout!, worker.stderr!])
      stream.on('data', (chunk: Buffer) => (workerLog += chunk.toString()));

    // A job under way when Redis goes: its worker loses the queue and the job store mid-job.
    const during = await submit('during');
    await until(during, (state) => state === 'running');
    const back = redis.down(OUTAGE_MS);
    await new Promise((r) => setTimeout(r, 2_000));
    // Meanwhile the API says what is wrong at once, rather than holding the request.
    const away = await request(api.getHttpServer() as Server)
      .get(`/v1/jobs/${during}`)
      .set(auth)
      .expect(503);
    expect(away.body.detail).toMatch(/Redis, where jobs are kept, is not reachable/);
    await back;

    if (worker.exitCode !== null || worker.signalCode !== null)
      throw new Error(`the worker ended (${worker.exitCode ?? worker.signalCode}): ${workerLog}`);
    // The API answers 503 until its own connection is back, and says so on /health.
    for (let i = 0; i < 100; i += 1) {
      if ((await request(api.getHttpServer() as Server).get('/health')).status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const after = await submit('after');
    expect(await Promise.all([completed(during), completed(after)])).toEqual([
      'completed',
      'completed',
    ]);
    expect(worker.exitCode).toBeNull();
  }, 300_000);
});
