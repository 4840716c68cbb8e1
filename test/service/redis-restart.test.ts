import 'reflect-metadata';
import type { Server } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/service/main';
import { aBareRepository } from '../helpers/git';
import { startOwnRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

const auth = { Authorization: 'Bearer restart-key' };

describe('a restart of Redis, with its append-only file, and of the API', () => {
  const data = tempDir();
  const apps: INestApplication[] = [];
  let redis: Awaited<ReturnType<typeof startOwnRedis>>;

  afterAll(async () => {
    for (const app of apps) await app.close();
    await redis.stop();
    data.dispose();
  });

  it('keeps the queued job, which a worker started afterwards completes', async () => {
    redis = await startOwnRedis(data.path);
    const env = {
      ...process.env,
      REDIS_URL: redis.url,
      ATTEST_API_KEYS: 'restart-key',
      ATTEST_RATE_LIMIT_PER_MINUTE: '100000',
      ATTEST_ALLOW_LOCAL_REPOS: '1',
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUIET: '1',
    };
    const apiApp = await createApp(['api'], env);
    apps.push(apiApp);
    await apiApp.listen(0, '127.0.0.1');
    const api = () => request(apiApp.getHttpServer() as Server);
    const url = aBareRepository(data.path);
    const { body } = await api().post('/v1/jobs').set(auth).send({ repo: { url } }).expect(202);
    const id = (body as { id: string }).id;

    await redis.restart();
    let state = '';
    for (let i = 0; i < 100 && !state; i += 1) {
      const answer = await api().get(`/v1/jobs/${id}`).set(auth);
      if (answer.status === 200) state = (answer.body as { state: string }).state;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('queued');

    // The API restarts too: it keeps nothing of its own, so the job is still there.
    await apiApp.close();
    apps.splice(apps.indexOf(apiApp), 1);
    const restarted = await createApp(['api'], env);
    apps.push(restarted);
    await restarted.listen(0, '127.0.0.1');
    const again = () => request(restarted.getHttpServer() as Server);
    expect(
      ((await again().get(`/v1/jobs/${id}`).set(auth).expect(200)).body as { state: string }).state,
    ).toBe('queued');

    const worker = await createApp(['worker', 'runner'], env);
    apps.push(worker);
    await worker.init();
    for (let i = 0; i < 600 && state !== 'completed' && state !== 'failed'; i += 1) {
      await new Promise((r) => setTimeout(r, 200));
      state = ((await again().get(`/v1/jobs/${id}`).set(auth)).body as { state: string }).state;
    }
    expect(state).toBe('completed');
  });
});
