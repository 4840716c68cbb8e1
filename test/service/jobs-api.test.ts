import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createHash, createHmac } from 'node:crypto';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { queuedJob } from '../../src/service/jobs/job-record';
import { STAGES } from '../../src/pipeline/progress';
import { isAfter } from '../../src/service/jobs/job-events';
import { JobStore } from '../../src/service/jobs/job-store';
import { createApp } from '../../src/service/main';
import { bullPrefix } from '../../src/service/tokens';
import { aBareRepository, git } from '../helpers/git';
import { startGithubServer } from '../helpers/github-stub-server';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { openSse } from '../../bench/sse-client';
import { tempDir } from '../helpers/temp-dir';

const KEY = 'test-key-1';
/** A public address, never contacted: no worker runs in the tests that use it. */
const PUBLIC_REPO = 'https://93.184.215.14/owner/repo.git';
const auth = { Authorization: `Bearer ${KEY}` };

const idsOf = (body: unknown) => (body as { jobs: { id: string }[] }).jobs.map((j) => j.id);

interface JobBody {
  id: string;
  state: string;
  summary: { accepted: number; delivery: Record<string, string | null> };
  startedAt: string;
  finishedAt: string;
  error: string | null;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 600; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the job did not end in 120 s');
}

describe('the job API with a worker and a runner, on real Redis', () => {
  let redis: TestRedis;
  let app: INestApplication;
  let github: Awaited<ReturnType<typeof startGithubServer>>;
  const data = tempDir();

  const api = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    redis = await startTestRedis(7);
    github = await startGithubServer();
    app = await createApp(['api', 'worker', 'runner'], {
      ...process.env,
      // The tests poll jobs often; rate limits have their own test below.
      ATTEST_RATE_LIMIT_PER_MINUTE: '100000',
      GITHUB_TOKEN: 'gh-test-token',
      ATTEST_ALLOW_PRIVATE_URLS: '1',
      ATTEST_CALLBACK_SECRET: 'cb-secret',
      ATTEST_CALLBACK_RETRY_MS: '50',
      ATTEST_GITHUB_API_URL: github.apiUrl,
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: `${KEY},other-key`,
      ATTEST_ADMIN_KEYS: 'admin-key',
      ATTEST_ALLOW_LOCAL_REPOS: '1',
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUIET: '1',
    });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await github.close();
    await redis.stop();
    data.dispose();
  });

  it('leaves /health open, and answers 401 without a key or with a wrong one', async () => {
    const health = await api().get('/health').expect(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      info: { redis: { status: 'up' }, dataDir: { status: 'up' } },
    });
    const none = await api().get('/v1/jobs').expect(401);
    expect(none.body.detail).toMatch(/Authorization: Bearer/);
    await api().get('/v1/jobs').set('Authorization', 'Bearer nope').expect(401);
  });

  it.each([
    [{}, /repo should not be null or undefined/],
    [{ repo: { url: 42 } }, /repo\.url must be a string/],
    [
      { repo: { path: '/x' }, options: { budgetUsd: -1 } },
      /options\.budgetUsd must not be less than 0/,
    ],
    [
      { repo: { path: '/x' }, options: { maxRounds: 2.5 } },
      /options\.maxRounds must be a whole number of rounds, 0 to 20/,
    ],
    [{ repo: { path: '/x' }, options: { models: ['gpt-9'] } }, /options\.models names gpt-9/],
    [{ repo: { path: '/x' }, callbackUrl: 'not a url' }, /callbackUrl must be a URL/],
    [{ repo: { path: '/x' }, extra: 1 }, /property extra should not exist/],
    [{ repo: { path: '/x', url: 'https://example.invalid/r.git' } }, /either url or path/],
    [{ repo: { path: '/x', ref: 'a b' } }, /ref must be a branch/],
    [
      { repo: { path: '/x' }, options: { package: '../outside' } },
      /package must be a folder inside the repository/,
    ],
    // The limits of attest run's flags, from the same schema (core/job-options.ts).
    [
      { repo: { path: '/x' }, options: { repairRounds: 9 } },
      /options\.repairRounds must be a whole number of rounds, 0 to 5/,
    ],
    [
      { repo: { path: '/x' }, options: { targetBudgetUsd: 'lots' } },
      /options\.targetBudgetUsd must be a number of US dollars/,
    ],
    [
      { repo: { path: '/x' }, options: { testsDir: '../elsewhere' } },
      /options\.testsDir must be a folder inside the repository/,
    ],
    [{ repo: { path: '/x' }, options: { bogus: 1 } }, /property bogus should not exist/],
    [
      { repo: { path: '/x' }, options: { changedSince: 'main; rm -rf /' } },
      /options\.changedSince must be a branch, tag or commit name/,
    ],
    [
      { repo: { path: '/x' }, options: { budgetUsd: 1e308 } },
      /options\.budgetUsd is 1e\+308, above the server's budget of \$\d+(\.\d+)? a job \(ATTEST_BUDGET_USD\): a job may lower it, never raise it/,
    ],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const response = await api().post('/v1/jobs').set(auth).send(body).expect(400);
    expect(response.body.detail).toMatch(message);
  });

  it('answers 400 to a body nested deeper than it reads, and names the limit', async () => {
    const deep = `{"repo":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const response = await api()
      .post('/v1/jobs')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(deep)
      .expect(400);
    expect(response.body.detail).toMatch(/nests deeper than \d+ levels/);
    // A body as deep as a real one still passes.
    await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { path: '/nonexistent-attest-repo' }, options: { deliver: { push: false } } })
      .expect(202);
  });

  it('starts, and shows the job, when a job record holds a field that Attest did not write', async () => {
    const { body } = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url: PUBLIC_REPO } })
      .expect(202);
    const id = (body as { id: string }).id;
    const client = new Redis(redis.url);
    try {
      await client.hset(`attest:job:${id}`, 'planted', 'not json {');
    } finally {
      client.disconnect();
    }
    const again = await createApp(['api'], {
      ...process.env,
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: KEY,
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUIET: '1',
    });
    try {
      await again.init();
      const shown = await request(again.getHttpServer() as Server)
        .get(`/v1/jobs/${id}`)
        .set(auth)
        .expect(200);
      expect(shown.body).toMatchObject({ id });
      expect(shown.body).not.toHaveProperty('planted');
    } finally {
      await again.close();
    }
  });

  it('answers 404 for a job it does not know', async () => {
    await api().get('/v1/jobs/nope').set(auth).expect(404);
    await api().get('/v1/jobs/nope/patch').set(auth).expect(404);
  });

  it('runs a submitted file:// repository to completion, with its report and patch', async () => {
    const url = aBareRepository(data.path);
    const submit = () =>
      api()
        .post('/v1/jobs')
        .set(auth)
        .set('Idempotency-Key', 'tiny-1')
        .send({ repo: { url } })
        .expect(202);
    const submitted = await submit();
    expect(submitted.body).toEqual({ id: expect.any(String), state: 'queued' });
    expect((await submit()).body.id).toBe(submitted.body.id);

    const id = submitted.body.id as string;
    const job = await until(
      async () => (await api().get(`/v1/jobs/${id}`).set(auth)).body as JobBody,
      (body: JobBody) => ['completed', 'failed', 'cancelled'].includes(body.state),
    );
    expect(job).toMatchObject({
      id,
      state: 'completed',
      progress: 100,
      error: null,
      summary: {
        accepted: 2,
        conflicts: 0,
        costUsd: 0,
        delivery: {
          branch: `attest/${id}`,
          remoteBranch: `attest/${id}`,
          pushedTo: url,
          note: null,
        },
      },
    });
    // The worker judged nothing itself: its candidates went through the runner's queue.
    const redisClient = new Redis(redis.url);
    expect(
      await redisClient.zcard(`${bullPrefix(redis.prefix)}:attest-verify:completed`),
    ).toBeGreaterThan(0);
    redisClient.disconnect();
    const owner = path.basename(data.path);
    const pullRequestUrl = `https://github.example/${owner}/tiny/pull/7`;
    expect(job.summary.delivery.pullRequestUrl).toBe(pullRequestUrl);
    const pulls = github.requests.filter((r) => r.method === 'POST');
    expect(pulls).toEqual([
      expect.objectContaining({
        path: `/repos/${owner}/tiny/pulls`,
        authorization: 'token gh-test-token',
        body: expect.objectContaining({
          head: `attest/${id}`,
          base: 'main',
          title: 'Attest: 2 verified tests',
          body: expect.stringMatching(/^# Attest report/),
        }),
      }),
    ]);
    expect(github.requests[0]).toMatchObject({ method: 'GET', path: `/repos/${owner}/tiny` });
    const remote = url.replace('file://', '');
    expect(git(remote, 'branch', '--list', 'attest/*')).toBe(`attest/${id}`);
    expect(git(remote, 'show', '--name-only', '--format=', `attest/${id}`)).toBe(
      'test/attest/index.double.examples.test.js',
    );
    expect(Date.parse(job.finishedAt)).toBeGreaterThanOrEqual(Date.parse(job.startedAt));

    const report = await api().get(`/v1/jobs/${id}/report`).set(auth);
    expect(report.type).toBe('application/json');
    expect((report.body as { tests: { name: string }[] }).tests.map((t) => t.name)).toEqual([
      'double > README.md:8 double(2) returns 4',
      'double > README.md:9 double(-3) returns -6',
    ]);
    // The pull request is part of the deliver stage, so the report names it.
    expect((report.body as { delivery: { pullRequestUrl: string } }).delivery.pullRequestUrl).toBe(
      pullRequestUrl,
    );
    const markdown = await api().get(`/v1/jobs/${id}/report.md`).set(auth);
    expect(markdown.text).toMatch(/^# Attest report/);
    expect(markdown.text).toContain(`Pull request: ${pullRequestUrl}`);
    const patch = await api().get(`/v1/jobs/${id}/patch`).set(auth);
    expect(patch.text).toContain('+++ b/test/attest/index.double.examples.test.js');

    const listed = await api().get('/v1/jobs?state=completed&limit=5').set(auth).expect(200);
    expect(idsOf(listed.body)).toContain(id);
    expect(JSON.stringify(listed.body)).not.toContain('outDir');
    await api().get('/v1/jobs?state=done').set(auth).expect(400);
  });

  it("keeps each key's jobs its own: another key gets 404, an admin key sees them all", async () => {
    const mine = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url: aBareRepository(data.path, 'tenant') } })
      .expect(202);
    const id = mine.body.id as string;
    await until(
      async () => (await api().get(`/v1/jobs/${id}`).set(auth)).body as JobBody,
      (body: JobBody) => ['completed', 'failed'].includes(body.state),
    );
    const other = { Authorization: 'Bearer other-key' };
    for (const route of [`/v1/jobs/${id}`, `/v1/jobs/${id}/report`, `/v1/jobs/${id}/patch`]) {
      const refused = await api().get(route).set(other).expect(404);
      expect(refused.body.detail).toBe(`no job ${id}`);
      await api().get(route).set(auth).expect(200);
    }
    await api().delete(`/v1/jobs/${id}`).set(other).expect(404);
    expect(
      idsOf((await api().get('/v1/jobs?limit=100').set(other).expect(200)).body),
    ).not.toContain(id);
    expect(idsOf((await api().get('/v1/jobs?limit=100').set(auth).expect(200)).body)).toContain(id);
    // The same Idempotency-Key from another tenant is another job.
    const theirs = await api()
      .post('/v1/jobs')
      .set(other)
      .set('Idempotency-Key', 'tiny-1')
      .send({ repo: { url: PUBLIC_REPO } })
      .expect(202);
    expect(theirs.body.id).not.toBe(id);
    const admin = { Authorization: 'Bearer admin-key' };
    await api().get(`/v1/jobs/${id}/report`).set(admin).expect(200);
    expect(idsOf((await api().get('/v1/jobs?limit=100').set(admin).expect(200)).body)).toEqual(
      expect.arrayContaining([id, theirs.body.id]),
    );
    await api().delete(`/v1/jobs/${theirs.body.id}`).set(other).expect(200);
  });

  it('streams a job’s events as Server-Sent Events, resumes after Last-Event-ID, and ends with the job', async () => {
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const submitted = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url: aBareRepository(data.path, 'events') } })
      .expect(202);
    const id = submitted.body.id as string;
    const eventsUrl = `http://127.0.0.1:${port}/v1/jobs/${id}/events`;

    const refused = await openSse(eventsUrl, { Authorization: 'Bearer other-key' });
    expect(refused.status).toBe(404);
    await refused.ended;

    const live = await openSse(eventsUrl, auth);
    expect(live.status).toBe(200);
    expect(live.contentType).toMatch(/^text\/event-stream/);
    await live.ended;
    const events = live.events;
    const types = events.map((e) => e.event);
    // The server ends the stream after the job's end, and the end is last.
    expect(types[types.length - 1]).toBe('end');
    expect(types.filter((t) => t === 'end')).toHaveLength(1);
    expect(events[events.length - 1]!.data).toEqual({
      type: 'end',
      state: 'completed',
      message: 'completed',
    });
    // Every stage starts and ends, in order, each before the next starts.
    const bounds = events
      .filter((e) => e.event === 'stage-started' || e.event === 'stage-ended')
      .map(
        (e) => `${e.event === 'stage-started' ? '+' : '-'}${(e.data as { stage: string }).stage}`,
      );
    expect(bounds.filter((b) => b.startsWith('+'))).toEqual(STAGES.map((s) => `+${s}`));
    for (let i = 0; i < bounds.length; i += 2)
      expect(bounds[i + 1]).toBe(`-${bounds[i]!.slice(1)}`);
    // Verify counts its steps: the gates, each of seven.
    const counted = events
      .map((e) => e.data as { type: string; stage: string; done?: number; total?: number })
      .filter((e) => e.type === 'progress' && e.stage === 'verify' && e.total !== undefined);
    expect(counted.length).toBeGreaterThanOrEqual(7);
    for (const step of counted) expect(step.done).toBeLessThanOrEqual(step.total!);
    const accepted = events
      .map((e) => e.data as { type: string; status?: string })
      .filter((e) => e.type === 'verdict' && e.status === 'accepted');
    expect(accepted).toEqual([
      expect.objectContaining({
        target: 'src/index.js#double',
        test: expect.stringContaining('double(2)'),
      }),
      expect.objectContaining({
        target: 'src/index.js#double',
        test: expect.stringContaining('double(-3)'),
      }),
    ]);
    // Ids rise, so a client can resume from any of them.
    const ids = events.map((e) => e.id);
    expect([...ids].sort((a, b) => (isAfter(a, b) ? 1 : -1))).toEqual(ids);

    const middle = Math.floor(events.length / 2);
    const resumed = await openSse(eventsUrl, { ...auth, 'Last-Event-ID': ids[middle]! });
    await resumed.ended;
    expect(resumed.events.map((e) => e.id)).toEqual(ids.slice(middle + 1));

    // The record shows the last step of the last stage, with the job at 100.
    const job = (await api().get(`/v1/jobs/${id}`).set(auth).expect(200)).body;
    expect(job).toMatchObject({ state: 'completed', stage: 'report', progress: 100 });
    expect(job.step).toEqual({ message: expect.any(String), done: null, total: null });
  });

  it('runs a job whose first submission was stored but never queued, when the client retries it', async () => {
    // As if the API died between storing the job and queueing it: the record alone is there.
    const url = aBareRepository(data.path, 'crashed');
    const client = new Redis(redis.url);
    const store = new JobStore(client, 3600, redis.prefix);
    const owner = createHash('sha256').update(KEY).digest('hex').slice(0, 32);
    const { record } = await store.create(
      queuedJob('stored-never-queued', owner, { repo: { url }, options: {} }),
      'crash-1',
    );
    client.disconnect();
    const retried = await api()
      .post('/v1/jobs')
      .set(auth)
      .set('Idempotency-Key', 'crash-1')
      .send({ repo: { url } })
      .expect(202);
    expect(retried.body).toEqual({ id: record.id, state: 'queued' });
    const job = await until(
      async () => (await api().get(`/v1/jobs/${record.id}`).set(auth)).body as JobBody,
      (body: JobBody) => ['completed', 'failed', 'cancelled'].includes(body.state),
    );
    expect(job.state).toBe('completed');
  });

  async function completed(body: object): Promise<JobBody> {
    const submitted = await api().post('/v1/jobs').set(auth).send(body).expect(202);
    return await until(
      async () =>
        (await api().get(`/v1/jobs/${submitted.body.id}`).set(auth).expect(200)).body as JobBody,
      (job: JobBody) => ['completed', 'failed', 'cancelled'].includes(job.state),
    );
  }

  it('pushes under the branch name the job gives, opens no pull request with pullRequest: false, and pushes nothing with push: false', async () => {
    const url = aBareRepository(data.path, 'named');
    const named = await completed({
      repo: { url },
      options: { deliver: { branch: 'tests/from-attest' } },
    });
    expect(named.summary.delivery).toMatchObject({
      remoteBranch: 'tests/from-attest',
      pushedTo: url,
    });
    const posts = () => github.requests.filter((r) => r.method === 'POST').length;
    const before = posts();
    const noPull = await completed({ repo: { url }, options: { deliver: { pullRequest: false } } });
    expect(noPull.summary.delivery).toMatchObject({ pushedTo: url, pullRequestUrl: null });
    expect(posts()).toBe(before);
    // Every option of attest run reaches the pipeline from the API too: here, where tests go.
    const kept = await completed({
      repo: { url },
      options: { testsDir: 'spec/generated', repairRounds: 0, deliver: { push: false } },
    });
    expect(kept.summary.delivery).toMatchObject({ pushedTo: null, note: null });
    const keptPatch = await api().get(`/v1/jobs/${kept.id}/patch`).set(auth).expect(200);
    expect(keptPatch.text).toContain('+++ b/spec/generated/index.double.examples.test.js');
    expect(git(url.replace('file://', ''), 'branch', '--list')).toBe(
      `attest/${noPull.id}\n* main\n  tests/from-attest`,
    );
  });

  it('completes a job whose push the remote refuses, keeping the patch and saying why', async () => {
    const url = aBareRepository(data.path, 'locked');
    const hook = path.join(url.replace('file://', ''), 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "pushes are closed" >&2\nexit 1\n', { mode: 0o755 });
    const job = await completed({ repo: { url } });
    expect(job.state).toBe('completed');
    expect(job.summary).toMatchObject({ accepted: 2, delivery: { pushedTo: null } });
    expect(job.summary.delivery.note).toMatch(
      /^the branch was not pushed .*the tests are in the patch/,
    );
    const patch = await api().get(`/v1/jobs/${job.id}/patch`).set(auth).expect(200);
    expect(patch.text).toContain('+++ b/test/attest/index.double.examples.test.js');
  });

  it('calls back when the job ends, signed, and again after a failure', async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-attest-signature'] as string });
        res.writeHead(received.length === 1 ? 503 : 204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hook.address() as AddressInfo;
      const url = aBareRepository(data.path, 'called');
      const job = await completed({
        repo: { url },
        options: { deliver: { push: false } },
        callbackUrl: `http://127.0.0.1:${port}/hook`,
      });
      const withCallback = await until(
        async () => (await api().get(`/v1/jobs/${job.id}`).set(auth)).body as JobBody,
        (j: JobBody & { callback?: unknown }) => j.callback !== undefined,
      );
      expect(withCallback).toMatchObject({ callback: { delivered: true, attempts: 2 } });
      expect(received).toHaveLength(2);
      const last = received[1]!;
      expect(JSON.parse(last.body)).toMatchObject({ id: job.id, state: 'completed' });
      expect(last.signature).toBe(
        `sha256=${createHmac('sha256', 'cb-secret').update(last.body).digest('hex')}`,
      );
      expect(last.body).not.toContain('cb-secret');
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  it('records a job whose repository cannot be cloned as failed, with the reason', async () => {
    const submitted = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url: `file://${data.path}/missing.git` } })
      .expect(202);
    const job = await until(
      async () => (await api().get(`/v1/jobs/${submitted.body.id}`).set(auth)).body as JobBody,
      (body: JobBody) => body.state !== 'queued' && body.state !== 'running',
    );
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/missing\.git/);
    await api().get(`/v1/jobs/${submitted.body.id}/report`).set(auth).expect(409);
  });
});

describe('the job API alone, with no worker', () => {
  let redis: TestRedis;
  let app: INestApplication;

  const api = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    redis = await startTestRedis(8);
    app = await createApp(['api'], {
      ...process.env,
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: `${KEY},limited-key,other-limited-key`,
      ATTEST_RATE_LIMIT_PER_MINUTE: '20',
      ATTEST_QUIET: '1',
    });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await redis.stop();
  });

  it('answers every error as application/problem+json, naming each field at fault', async () => {
    const refused = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { path: '/x' }, options: { budgetUsd: -1 }, callbackUrl: 'not a url' })
      .expect(400)
      .expect('Content-Type', /^application\/problem\+json/);
    expect(refused.body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: expect.stringMatching(/options\.budgetUsd must not be less than 0/),
      instance: '/v1/jobs',
      errors: [
        { field: 'options.budgetUsd', message: 'options.budgetUsd must not be less than 0' },
        { field: 'callbackUrl', message: 'callbackUrl must be a URL address' },
      ],
    });
    const local = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { path: '/x' } });
    expect(local.body.errors).toEqual([
      { field: 'repo.path', message: expect.stringMatching(/ATTEST_ALLOW_LOCAL_REPOS=1/) },
    ]);
    // JSON that does not parse, a missing key, an unknown job and an unknown route alike.
    const malformed = await api()
      .post('/v1/jobs')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send('{"repo":')
      .expect(400)
      .expect('Content-Type', /^application\/problem\+json/);
    expect(malformed.body).toMatchObject({ status: 400, detail: expect.stringMatching(/JSON/) });
    for (const [path, status, key] of [
      ['/v1/jobs', 401, undefined],
      ['/v1/jobs/unknown-job', 404, auth],
      ['/v1/nothing-here', 404, auth],
    ] as const) {
      const response = await (key ? api().get(path).set(key) : api().get(path))
        .expect(status)
        .expect('Content-Type', /^application\/problem\+json/);
      expect(response.body).toMatchObject({ type: 'about:blank', status, instance: path });
      expect(typeof response.body.detail).toBe('string');
    }
  });

  it('answers 202 with the Location to poll the job at', async () => {
    const submitted = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url: PUBLIC_REPO } })
      .expect(202);
    const id = (submitted.body as { id: string }).id;
    expect(submitted.headers.location).toBe(`/v1/jobs/${id}`);
    const polled = await api().get(submitted.headers.location!).set(auth).expect(200);
    expect(polled.body).toMatchObject({ id, state: 'queued' });
    await api().delete(`/v1/jobs/${id}`).set(auth).expect(200);
  });

  it('refuses local paths and file:// URLs unless the server allows them', async () => {
    for (const repo of [{ path: '/etc' }, { url: 'file:///srv/repo.git' }]) {
      const response = await api().post('/v1/jobs').set(auth).send({ repo }).expect(400);
      expect(response.body.detail).toMatch(/ATTEST_ALLOW_LOCAL_REPOS=1/);
    }
  });

  it.each([
    [
      { repo: { url: 'https://127.0.0.1/owner/repo.git' } },
      /repo\.url: 127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address/,
    ],
    [
      { repo: { url: 'https://localhost:8080/r.git' } },
      /repo\.url: localhost resolves to .*loopback/,
    ],
    [{ repo: { url: 'https://10.1.2.3/r.git' } }, /a private address/],
    [{ repo: { url: 'ssh://git@[fe80::1]/r.git' } }, /fe80::1, a linkLocal address/],
    [
      { repo: { url: PUBLIC_REPO }, callbackUrl: 'http://169.254.169.254/latest' },
      /callbackUrl: .* a linkLocal address/,
    ],
    [
      { repo: { url: 'https://nowhere.invalid/r.git' } },
      /the host nowhere\.invalid does not resolve/,
    ],
  ])(
    'refuses a URL that would make the server reach inside its network: %j',
    async (body, message) => {
      const response = await api().post('/v1/jobs').set(auth).send(body).expect(400);
      expect(response.body.detail).toMatch(message);
    },
  );

  it('describes the API in OpenAPI at /docs', async () => {
    const spec = (await api().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
      components: {
        schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }>;
      };
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/jobs', '/v1/jobs/{id}', '/v1/jobs/{id}/patch', '/health']),
    );
    expect(Object.keys(spec.paths['/v1/jobs']!)).toEqual(expect.arrayContaining(['get', 'post']));
    const submit = spec.components.schemas.SubmitJobDto!;
    expect(Object.keys(submit.properties)).toEqual(['repo', 'options', 'callbackUrl']);
    expect(submit.required).toEqual(['repo']);
    const headers = (
      spec.paths['/v1/jobs']!.post as {
        parameters: { name: string; in: string; required?: boolean }[];
      }
    ).parameters.filter((p) => p.in === 'header' && /idempotency-key/i.test(p.name));
    expect(headers.map((h) => h.required ?? false)).toEqual([false]);
    // Every route says what it answers, its errors as problem details.
    type Operation = {
      responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
    };
    for (const [route, operations] of Object.entries(spec.paths))
      for (const [method, operation] of Object.entries(operations as Record<string, Operation>)) {
        const success = Object.keys(operation.responses).filter((code) => /^2/.test(code));
        expect({ route, method, success }).toEqual({
          route,
          method,
          success: [expect.any(String)],
        });
        // 204 (signing out) answers no body; every other success describes its body.
        expect({ route, method, schema: operation.responses[success[0]!]!.content }).toEqual({
          route,
          method,
          schema: success[0] === '204' ? undefined : expect.any(Object),
        });
      }
    const job = (spec.paths['/v1/jobs/{id}']!.get as Operation).responses;
    expect(job['200']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/JobView',
    });
    expect(job['404']!.content!['application/json']!.schema).toEqual({
      $ref: '#/components/schemas/ProblemView',
    });
    expect(Object.keys(spec.components.schemas.JobView!.properties)).toEqual(
      expect.arrayContaining(['state', 'stage', 'progress', 'step', 'summary', 'error']),
    );
    expect(
      Object.keys(
        (spec.paths['/v1/jobs/{id}/events']!.get as Operation).responses['200']!.content!,
      ),
    ).toEqual(['text/event-stream']);
    await api().get('/docs').expect(200);
  });

  it('shows the queue in Bull Board at /queues, behind the same keys', async () => {
    await api().get('/queues').expect(401);
    await api().get('/queues').set(auth).expect(200);
    const queues = await api().get('/queues/api/queues').set(auth).expect(200);
    expect((queues.body as { queues: { name: string }[] }).queues.map((q) => q.name)).toEqual([
      'attest-generate',
      'attest-verify',
    ]);
  });

  it('limits each API key to its rate, and other keys go on', async () => {
    const list = (key: string) => api().get('/v1/jobs').set('Authorization', `Bearer ${key}`);
    for (let i = 0; i < 20; i += 1) await list('limited-key').expect(200);
    await list('limited-key').expect(429);
    await list('other-limited-key').expect(200);
  });

  it('cancels a queued job, which then never runs', async () => {
    const submitted = await api()
      .post('/v1/jobs')
      .set(auth)
      .send({ repo: { url: PUBLIC_REPO } })
      .expect(202);
    const id = submitted.body.id as string;
    const cancelled = await api().delete(`/v1/jobs/${id}`).set(auth).expect(200);
    expect(cancelled.body).toMatchObject({ id, state: 'cancelled' });
    expect(cancelled.body.finishedAt).toEqual(expect.any(String));
    await api().delete(`/v1/jobs/${id}`).set(auth).expect(409);
    const queued = await api().get('/v1/jobs?state=queued').set(auth).expect(200);
    expect(idsOf(queued.body)).not.toContain(id);
  });
});

describe('a job cancelled before any worker took it', () => {
  it('is called back like any job that ends', async () => {
    const redis = await startTestRedis(10);
    const received: string[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const app = await createApp(['api'], {
      ...process.env,
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: KEY,
      ATTEST_ALLOW_PRIVATE_URLS: '1',
      ATTEST_QUIET: '1',
    });
    await app.listen(0, '127.0.0.1');
    try {
      const api = () => request(app.getHttpServer() as Server);
      const { port } = hook.address() as AddressInfo;
      const submitted = await api()
        .post('/v1/jobs')
        .set(auth)
        .send({ repo: { url: PUBLIC_REPO }, callbackUrl: `http://127.0.0.1:${port}/done` })
        .expect(202);
      const id = (submitted.body as { id: string }).id;
      await api().delete(`/v1/jobs/${id}`).set(auth).expect(200);
      for (let i = 0; i < 50 && received.length === 0; i += 1)
        await new Promise((r) => setTimeout(r, 100));
      expect(received.map((b) => JSON.parse(b) as object)).toEqual([
        expect.objectContaining({ id, state: 'cancelled' }),
      ]);
    } finally {
      await app.close();
      await new Promise((resolve) => hook.close(resolve));
      await redis.stop();
    }
  });
});
