import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Redis } from 'ioredis';
import request from 'supertest';
import { createApp } from '../../src/service/main';
import { publishBare } from '../helpers/git';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

const KEY = 'shared-key';
const auth = { Authorization: `Bearer ${KEY}` };

/** A one-function library whose README states two examples of it. */
function aLibrary(root: string, name: string, factor: number): string {
  const work = path.join(root, `${name}-work`);
  mkdirSync(path.join(work, 'src'), { recursive: true });
  writeFileSync(
    path.join(work, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', main: 'src/index.js' }),
  );
  writeFileSync(
    path.join(work, 'src/index.js'),
    `function ${name}(n) {\n  return n * ${factor};\n}\nmodule.exports = { ${name} };\n`,
  );
  writeFileSync(
    path.join(work, 'README.md'),
    `# ${name}\n\n## ${name}\n\nMultiplies by ${factor}.\n\n\`\`\`js\n${name}(2) // => ${2 * factor}\n${name}(-3) // => ${-3 * factor}\n\`\`\`\n`,
  );
  return publishBare(root, work, name);
}

interface JobBody {
  id: string;
  state: string;
  error: string | null;
}

describe('two deployments on one Redis, one database, with different ATTEST_QUEUE_PREFIX', () => {
  let redis: TestRedis;
  const data = tempDir();
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    redis = await startTestRedis(14);
    for (const name of ['doubler', 'tripler']) {
      const app = await createApp(['api', 'worker', 'runner'], {
        ...process.env,
        REDIS_URL: redis.url,
        ATTEST_QUEUE_PREFIX: `${redis.prefix}-${name}`,
        ATTEST_API_KEYS: KEY,
        ATTEST_ALLOW_LOCAL_REPOS: '1',
        ATTEST_RATE_LIMIT_PER_MINUTE: '100000',
        ATTEST_DATA_DIR: path.join(data.path, `data-${name}`),
        ATTEST_QUIET: '1',
      });
      await app.listen(0, '127.0.0.1');
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await redis.stop();
    data.dispose();
  });

  it('keeps each deployment to its own jobs, queue events and results, submitted at once', async () => {
    const [doubler, tripler] = apps.map((app) => () => request(app.getHttpServer() as Server)) as [
      () => request.Agent,
      () => request.Agent,
    ];
    // The same key and the same Idempotency-Key on both: only the namespace tells them apart.
    const submit = (api: () => request.Agent, url: string) =>
      api()
        .post('/v1/jobs')
        .set(auth)
        .set('Idempotency-Key', 'same-key')
        .send({ repo: { url }, options: { deliver: { push: false } } })
        .expect(202);
    const [a, b] = await Promise.all([
      submit(doubler, aLibrary(data.path, 'doubler', 2)),
      submit(tripler, aLibrary(data.path, 'tripler', 3)),
    ]);
    const ids = [a.body.id as string, b.body.id as string];
    expect(ids[0]).not.toBe(ids[1]);

    const ended = async (api: () => request.Agent, id: string): Promise<JobBody> => {
      for (let i = 0; i < 900; i += 1) {
        const body = (await api().get(`/v1/jobs/${id}`).set(auth).expect(200)).body as JobBody;
        if (['completed', 'failed', 'cancelled'].includes(body.state)) return body;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`job ${id} did not end in 180 s`);
    };
    const jobs = await Promise.all([ended(doubler, ids[0]!), ended(tripler, ids[1]!)]);
    expect(jobs.map((j) => [j.state, j.error])).toEqual([
      ['completed', null],
      ['completed', null],
    ]);

    // Each report holds its own library's tests and none of the other's.
    const reports = await Promise.all([
      doubler().get(`/v1/jobs/${ids[0]}/report.md`).set(auth).expect(200),
      tripler().get(`/v1/jobs/${ids[1]}/report.md`).set(auth).expect(200),
    ]);
    expect(reports[0].text).toMatch(/doubler\(2\)/);
    expect(reports[0].text).not.toMatch(/tripler/);
    expect(reports[1].text).toMatch(/tripler\(2\)/);
    expect(reports[1].text).not.toMatch(/doubler/);

    // Each lists only its own job, and the other's id is unknown to it.
    const listed = await Promise.all(
      [doubler, tripler].map(async (api) =>
        ((await api().get('/v1/jobs').set(auth).expect(200)).body as { jobs: JobBody[] }).jobs.map(
          (j) => j.id,
        ),
      ),
    );
    expect(listed).toEqual([[ids[0]], [ids[1]]]);
    await doubler().get(`/v1/jobs/${ids[1]}`).set(auth).expect(404);
    await tripler().get(`/v1/jobs/${ids[0]}`).set(auth).expect(404);

    // Every key either wrote sits under its own namespace.
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      const outside = keys.filter(
        (k) => !k.startsWith(`${redis.prefix}-doubler`) && !k.startsWith(`${redis.prefix}-tripler`),
      );
      expect(outside).toEqual([]);
      expect(keys.some((k) => k.startsWith(`${redis.prefix}-doubler-bull:`))).toBe(true);
      expect(keys.some((k) => k.startsWith(`${redis.prefix}-tripler:job:`))).toBe(true);
    } finally {
      client.disconnect();
    }
  }, 300_000);
});
