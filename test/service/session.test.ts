import 'reflect-metadata';
import type { Server } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/service/main';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

const KEY = 'session-key';
const ADMIN = 'session-admin';
/** A public address, never contacted: no worker runs here. */
const REPO = { repo: { url: 'https://93.184.215.14/owner/repo.git' } };

const cookieOf = (response: request.Response) =>
  String((response.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;

describe('browser sessions: POST /v1/session, on real Redis', () => {
  let redis: TestRedis;
  let app: INestApplication;
  const data = tempDir();
  const api = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    redis = await startTestRedis(4);
    app = await createApp(['api'], {
      ...process.env,
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: KEY,
      ATTEST_ADMIN_KEYS: ADMIN,
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_SESSION_HOURS: '2',
      ATTEST_QUIET: '1',
    });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
    await redis.stop();
    data.dispose();
  });

  it('refuses an unknown key as problem+json, and sets no cookie', async () => {
    const refused = await api().post('/v1/session').send({ apiKey: 'nope' }).expect(401);
    expect(refused.type).toBe('application/problem+json');
    expect(refused.body.detail).toBe('the API key is not valid');
    expect(refused.headers['set-cookie']).toBeUndefined();
    const empty = await api().post('/v1/session').send({}).expect(400);
    expect(empty.body.errors[0].field).toBe('apiKey');
  });

  it('gives an HttpOnly, SameSite=Strict cookie that stands for the key, and ends it on sign-out', async () => {
    const signedIn = await api().post('/v1/session').send({ apiKey: KEY }).expect(201);
    expect(signedIn.body).toEqual({ admin: false });
    const setCookie = String((signedIn.headers['set-cookie'] as unknown as string[])[0]);
    expect(setCookie).toMatch(
      /^attest_session=[\w-]{43}; Max-Age=7200; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(setCookie).not.toContain(KEY);
    const cookie = cookieOf(signedIn);

    const submitted = await api().post('/v1/jobs').set('Cookie', cookie).send(REPO).expect(202);
    // The job is the key's: the key's own client sees it.
    const list = await api().get('/v1/jobs').set('Authorization', `Bearer ${KEY}`).expect(200);
    expect((list.body as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toEqual([
      submitted.body.id,
    ]);
    await api().get('/v1/session').set('Cookie', cookie).expect(200, { admin: false });

    await api().delete('/v1/session').set('Cookie', cookie).expect(204);
    const after = await api().get('/v1/jobs').set('Cookie', cookie).expect(401);
    expect(after.body.detail).toMatch(/sign in/);
  });

  it("refuses a change sent with the cookie from another origin, and reads from the page's own", async () => {
    const cookie = cookieOf(await api().post('/v1/session').send({ apiKey: KEY }).expect(201));
    await api()
      .post('/v1/jobs')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .send(REPO)
      .expect(401);
    await api()
      .get('/v1/jobs')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .expect(200);
    const server = app.getHttpServer() as Server;
    const host = `127.0.0.1:${String((server.address() as { port?: number } | null)?.port ?? '')}`;
    await api()
      .post('/v1/jobs')
      .set('Cookie', cookie)
      .set('Host', host)
      .set('Origin', `http://${host}`)
      .send(REPO)
      .expect(202);
  });

  it('opens the queue board to an admin session, not to a tenant session', async () => {
    const tenant = cookieOf(await api().post('/v1/session').send({ apiKey: KEY }).expect(201));
    await api().get('/queues').set('Cookie', tenant).expect(401);
    const admin = await api().post('/v1/session').send({ apiKey: ADMIN }).expect(201);
    expect(admin.body).toEqual({ admin: true });
    await api().get('/queues').set('Cookie', cookieOf(admin)).expect(200);
  });

  it('serves the job page at / with a policy that lets it load only its own files', async () => {
    const page = await api().get('/').expect(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await api().get(script!).expect(200);
    expect(asset.headers['cache-control']).toMatch(/immutable/);
  });
});
