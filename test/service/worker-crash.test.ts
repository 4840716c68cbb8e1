import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { contentHash } from '../../src/core/content-hash';
import { createApp } from '../../src/service/main';
import { BIN } from '../helpers/attest-bin';
import { aBareRepository, git } from '../helpers/git';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

const auth = { Authorization: 'Bearer crash-key' };

interface JobBody {
  id: string;
  state: string;
  stage: string | null;
  attempts: number;
  summary: { accepted: number; delivery: { branch: string; pushedTo: string | null } } | null;
  error: string | null;
}

/** The API in this process, and a runner and workers as processes of their own, as deployed. */
describe('a worker killed mid-job', () => {
  let redis: TestRedis;
  let app: INestApplication;
  const data = tempDir();
  const workers: ChildProcess[] = [];
  const logs: string[] = [];
  let env: Record<string, string>;
  const api = () => request(app.getHttpServer() as Server);

  const startRole = (role: 'worker' | 'runner'): ChildProcess => {
    const worker = spawn(process.execPath, [BIN, 'serve', '--role', role], {
      env: { ...env, ATTEST_QUIET: '', ATTEST_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    worker.stdout.on('data', (chunk: Buffer) => logs.push(...chunk.toString().split('\n')));
    workers.push(worker);
    return worker;
  };
  const job = async (id: string) =>
    (await api().get(`/v1/jobs/${id}`).set(auth).expect(200)).body as JobBody;
  async function until(id: string, done: (job: JobBody) => boolean): Promise<JobBody> {
    for (let i = 0; i < 1200; i += 1) {
      const current = await job(id);
      if (done(current)) return current;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} did not get there in 120 s: ${JSON.stringify(await job(id))}`);
  }

  beforeAll(async () => {
    redis = await startTestRedis(9);
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: 'crash-key',
      ATTEST_ALLOW_LOCAL_REPOS: '1',
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUEUE_LOCK_MS: '2000',
      ATTEST_WORKER_CONCURRENCY: '4',
      ATTEST_QUIET: '1',
      PORT: '0',
    };
    app = await createApp(['api'], { ...env, ATTEST_RATE_LIMIT_PER_MINUTE: '100000' });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await app.close();
    await redis.stop();
    data.dispose();
  });

  it('is taken up again by another worker and completes once, with one branch', async () => {
    const url = aBareRepository(data.path);
    startRole('runner');
    const first = startRole('worker');
    const { body } = await api().post('/v1/jobs').set(auth).send({ repo: { url } }).expect(202);
    const id = (body as { id: string }).id;
    await until(id, (j) => j.state === 'running' && ['generate', 'verify'].includes(j.stage ?? ''));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect((await job(id)).state).toBe('running');

    startRole('worker');
    const done = await until(id, (j) => j.state !== 'running' && j.state !== 'queued');
    expect(done).toMatchObject({
      state: 'completed',
      attempts: 2,
      error: null,
      summary: { accepted: 2, delivery: { branch: `attest/${id}`, pushedTo: url } },
    });
    const remote = url.replace('file://', '');
    expect(git(remote, 'branch', '--list', 'attest/*')).toBe(`attest/${id}`);
    // The workers log JSON lines that carry the job id; the last one after the job's record
    // has ended (its end event and callback come first), so it may still be in the pipe.
    const parsed = () =>
      logs.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    for (let i = 0; i < 100 && !parsed().some((l) => l.msg === 'job completed'); i += 1)
      await new Promise((r) => setTimeout(r, 100));
    const lines = parsed();
    expect(lines).toContainEqual(
      expect.objectContaining({ jobId: id, attempt: 2, msg: 'job running' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ jobId: id, accepted: 2, msg: 'job completed' }),
    );
    // Two attempts, and the runner finishes the dead worker's batch before the second's.
  }, 150_000);

  it('stops a running job at its next stage when it is cancelled, and removes its clone', async () => {
    // Its own manifest: no verdict of the other jobs' tiny repository is reused, so the job is
    // still running when the cancel comes.
    const url = aBareRepository(data.path, 'cancelled', 'a job to cancel');
    const { body } = await api().post('/v1/jobs').set(auth).send({ repo: { url } }).expect(202);
    const id = (body as { id: string }).id;
    await until(id, (j) => j.state === 'running' && j.stage !== 'acquire');
    const answer = await api().delete(`/v1/jobs/${id}`).set(auth).expect(200);
    expect((answer.body as JobBody).state).toBe('running');
    const ended = await until(id, (j) => j.state !== 'running');
    expect(ended.state).toBe('cancelled');
    expect(git(url.replace('file://', ''), 'branch', '--list', 'attest/*')).toBe('');
    const workspaces = path.join(data.path, 'data', 'workspaces');
    const clones = existsSync(workspaces) ? readdirSync(workspaces) : [];
    expect(clones.filter((c) => c.startsWith(contentHash(url, 12)))).toEqual([]);
  });

  it('loses none of 50 concurrent submissions and runs each once', async () => {
    const missing = `file://${path.join(data.path, 'missing.git')}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api()
          .post('/v1/jobs')
          .set(auth)
          .send({ repo: { url: missing }, options: { targets: [`load-${i}`] } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 202));
    const ids = answers.map((a) => (a.body as { id: string }).id);
    expect(new Set(ids).size).toBe(50);
    const ended = await Promise.all(
      ids.map((id) => until(id, (j) => j.state !== 'queued' && j.state !== 'running')),
    );
    // The repository does not exist, so each job fails at once: what is counted is the queue.
    expect(ended.map((j) => [j.state, j.attempts])).toEqual(
      Array.from({ length: 50 }, () => ['failed', 1]),
    );
  });
});
