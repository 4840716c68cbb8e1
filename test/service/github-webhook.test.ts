import 'reflect-metadata';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Report } from '../../src/core/report';
import { createApp } from '../../src/service/main';
import { aBareRepository, git } from '../helpers/git';
import { startGithubServer } from '../helpers/github-stub-server';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

const SECRET = 'hook-secret';
const KEY = 'hook-tenant-key';

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('the GitHub webhook: a diff job per pull request, on real Redis and git', () => {
  let redis: TestRedis;
  let app: INestApplication;
  let github: Awaited<ReturnType<typeof startGithubServer>>;
  const data = tempDir();
  let url = '';
  let base = '';
  const api = () => request(app.getHttpServer() as Server);

  /** A pull_request event as GitHub sends it, with the headers it signs it with. */
  const deliver = (event: object, delivery: string, signature?: string) => {
    const body = JSON.stringify(event);
    return api()
      .post('/v1/hooks/github')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'pull_request')
      .set('X-GitHub-Delivery', delivery)
      .set('X-Hub-Signature-256', signature ?? sign(body))
      .send(body);
  };

  const opened = () => ({
    action: 'opened',
    number: 7,
    repository: { full_name: 'owner/tiny' },
    pull_request: {
      number: 7,
      base: { ref: 'main', sha: base },
      head: { ref: 'feature', repo: { clone_url: url } },
    },
  });

  beforeAll(async () => {
    // main has `double`; the pull request's branch adds a documented `triple`.
    url = aBareRepository(data.path, 'tiny');
    const work = path.join(data.path, 'tiny-work');
    base = git(work, 'rev-parse', 'HEAD');
    git(work, 'checkout', '-q', '-b', 'feature');
    writeFileSync(
      path.join(work, 'src/index.js'),
      'function double(n) {\n  return n * 2;\n}\nfunction triple(n) {\n  return n * 3;\n}\nmodule.exports = { double, triple };\n',
    );
    writeFileSync(
      path.join(work, 'README.md'),
      `${readFileSync(path.join(work, 'README.md'), 'utf8')}\n## triple\n\nTriples a number.\n\n\`\`\`js\ntriple(2) // => 6\n\`\`\`\n`,
    );
    git(work, 'commit', '-qam', 'triple');
    git(work, 'push', '-q', url.replace('file://', ''), 'feature');
    redis = await startTestRedis(3);
    github = await startGithubServer();
    app = await createApp(['api', 'worker', 'runner'], {
      ...process.env,
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: `${KEY},another-key`,
      ATTEST_GITHUB_WEBHOOK_SECRET: SECRET,
      ATTEST_GITHUB_WEBHOOK_REPOS: 'owner/*',
      ATTEST_GITHUB_WEBHOOK_KEY: KEY,
      ATTEST_GITHUB_API_URL: github.apiUrl,
      GITHUB_TOKEN: 'gh-test-token',
      ATTEST_ALLOW_LOCAL_REPOS: '1',
      ATTEST_ALLOW_PRIVATE_URLS: '1',
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

  it('refuses a delivery whose signature does not match, and queues nothing', async () => {
    const refused = await deliver(opened(), 'bad-1', sign('{}', 'wrong-secret')).expect(401);
    expect(refused.body.detail).toMatch(/X-Hub-Signature-256 .* does not match/);
    const jobs = await api().get('/v1/jobs').set('Authorization', `Bearer ${KEY}`).expect(200);
    expect(jobs.body.jobs).toEqual([]);
  });

  it('ignores other events and actions, and refuses a repository the operator did not name', async () => {
    const closed = await deliver({ ...opened(), action: 'closed' }, 'closed-1').expect(202);
    expect(closed.body).toEqual({ ignored: 'pull request closed' });
    // The webhook form's other content type: the event in a payload field, signed as sent.
    const form = `payload=${encodeURIComponent(JSON.stringify({ ...opened(), action: 'labeled' }))}`;
    const labeled = await api()
      .post('/v1/hooks/github')
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-GitHub-Event', 'pull_request')
      .set('X-GitHub-Delivery', 'form-1')
      .set('X-Hub-Signature-256', sign(form))
      .send(form)
      .expect(202);
    expect(labeled.body).toEqual({ ignored: 'pull request labeled' });
    const other = await deliver(
      { ...opened(), repository: { full_name: 'stranger/repo' } },
      'other-1',
    ).expect(403);
    expect(other.body.detail).toMatch(/stranger\/repo is not one this server takes/);
  });

  it("queues one diff job per delivery, under the operator's key, whose tests go to a pull request into the head branch", async () => {
    const first = await deliver(opened(), 'delivery-1').expect(202);
    const again = await deliver(opened(), 'delivery-1').expect(202);
    expect(again.body.id).toBe(first.body.id);
    const auth = { Authorization: `Bearer ${KEY}` };
    const listed = await api().get('/v1/jobs').set(auth).expect(200);
    expect((listed.body as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toEqual([
      first.body.id,
    ]);
    // Another tenant's key does not see it.
    const others = await api().get('/v1/jobs').set('Authorization', 'Bearer another-key');
    expect(others.body.jobs).toEqual([]);

    let job: { state: string; request: unknown; summary: { delivery: Record<string, unknown> } };
    for (let i = 0; ; i += 1) {
      job = (await api().get(`/v1/jobs/${first.body.id}`).set(auth)).body as typeof job;
      if (!['queued', 'running'].includes(job.state) || i > 600) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job.state).toBe('completed');
    expect(job.request).toMatchObject({
      repo: { url, ref: 'feature' },
      options: { changedSince: base },
    });
    const report = (await api().get(`/v1/jobs/${first.body.id}/report`).set(auth).expect(200))
      .body as Report;
    expect(report.changes?.targets.map((t) => t.name)).toEqual(['triple']);
    expect(report.tests.filter((t) => t.selected).map((t) => t.name)).toEqual([
      expect.stringContaining('triple(2)'),
    ]);
    const pulls = github.requests.filter((r) => r.method === 'POST' && /\/pulls$/.test(r.path));
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.body).toMatchObject({ base: 'feature', head: 'attest/pr-7' });
    expect(job.summary.delivery).toMatchObject({
      remoteBranch: 'attest/pr-7',
      pullRequestUrl: expect.stringMatching(/\/pull\/7$/),
      commentUrl: expect.stringMatching(/issues\/7#issuecomment-1$/),
    });
    // One comment on the pull request, with what the change touched and the tests added.
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain('This change touches 1 target of 2: `triple`.');
    expect(github.comments[0]!.body).toMatch(
      /\*\*Tests added:\*\* 1 in https:\/\/github\.example\/.*\/pull\/7\./,
    );
    expect(github.comments[0]!.body).toContain('No stated example contradicts the change.');
  }, 180_000);

  it('updates that comment in place on the next push, with the conflict the push brings', async () => {
    // The next push makes double add instead of multiply: README's double(-3) // => -6 is wrong now.
    const work = path.join(data.path, 'tiny-work');
    writeFileSync(
      path.join(work, 'src/index.js'),
      readFileSync(path.join(work, 'src/index.js'), 'utf8').replace(
        'return n * 2;',
        'return n + 2;',
      ),
    );
    git(work, 'commit', '-qam', 'double adds');
    git(work, 'push', '-q', url.replace('file://', ''), 'feature');
    const synchronize = await deliver({ ...opened(), action: 'synchronize' }, 'delivery-2').expect(
      202,
    );
    const auth = { Authorization: `Bearer ${KEY}` };
    for (let i = 0; i < 600; i += 1) {
      const state = (await api().get(`/v1/jobs/${synchronize.body.id}`).set(auth)).body.state;
      if (!['queued', 'running'].includes(state as string)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // The pull request's branch is replaced by this push's tests; its pull request stays one.
    const bare = url.replace('file://', '');
    expect(git(bare, 'log', '-1', '--format=%B', 'attest/pr-7')).toMatch(
      new RegExp(synchronize.body.id as string),
    );
    const job = (await api().get(`/v1/jobs/${synchronize.body.id}`).set(auth)).body as {
      summary: { delivery: Record<string, unknown> };
    };
    expect(job.summary.delivery).toMatchObject({
      pullRequestUrl: expect.stringMatching(/\/pull\/7$/),
      note: null,
    });
    const posted = github.requests.filter((r) => r.method === 'POST' && /\/comments/.test(r.path));
    const patched = github.requests.filter(
      (r) => r.method === 'PATCH' && /\/comments\//.test(r.path),
    );
    expect([posted.length, patched.length]).toEqual([1, 1]);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]!.body).toContain(
      'This change touches 2 targets of 2: `double`, `triple`.',
    );
    expect(github.comments[0]!.body).toContain('| `double(-3)` | README.md:9 | `-6` | `-1` |');
  }, 180_000);
});
