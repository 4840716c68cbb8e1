import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import Queue from 'bull';
import { bullPrefix } from '../../src/service/tokens';
import { BIN } from '../helpers/attest-bin';
import { aBareRepository } from '../helpers/git';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { tempDir } from '../helpers/temp-dir';

/** `attest serve` as an operator starts it: the real bin, in a process of its own. */
describe('attest serve, as a process', () => {
  let redis: TestRedis;
  const data = tempDir();
  const started: ChildProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startTestRedis(11);
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: 'serve-key',
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUIET: '1',
    };
  });
  afterAll(async () => {
    for (const child of started) child.kill('SIGKILL');
    await redis.stop();
    data.dispose();
  });

  /** Starts `attest serve` and resolves with the line it printed first on stderr, or its exit. */
  function serve(
    args: string[],
    extra: Record<string, string>,
  ): Promise<{ child: ChildProcess; line: string; code: number | null }> {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      env: { ...env, ...extra },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    started.push(child);
    let stderr = '';
    return new Promise((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('\n') && /serving/.test(stderr))
          resolve({ child, line: stderr.trim(), code: null });
      });
      child.on('exit', (code) => resolve({ child, line: stderr.trim(), code }));
    });
  }

  it('binds the loopback address unless ATTEST_HOST says otherwise', async () => {
    const local = await serve(['--role', 'api'], { PORT: '0' });
    expect(local.line).toMatch(/^attest: serving api on http:\/\/127\.0\.0\.1:\d+$/);
    local.child.kill('SIGTERM');
    const every = await serve(['--role', 'api'], { PORT: '0', ATTEST_HOST: '0.0.0.0' });
    expect(every.line).toMatch(
      /^attest: serving api on http:\/\/(0\.0\.0\.0|\[::\]|\[::1\]|127\.0\.0\.1):\d+$/,
    );
    every.child.kill('SIGTERM');
  }, 60_000);

  it('refuses an ATTEST_HOST that is no address, in one line', async () => {
    const wrong = await serve(['--role', 'api'], { PORT: '0', ATTEST_HOST: 'not an address' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.line).toMatch(/^attest: ATTEST_HOST is not valid: .*$/);
  }, 60_000);

  it('exits with one line when its port is taken, and takes no work from the queue', async () => {
    const holder = net.createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as net.AddressInfo).port;
    const queue = new Queue<{ id: string }>('attest-generate', redis.url, {
      prefix: bullPrefix(redis.prefix),
    });
    try {
      await queue.add({ id: 'waiting-job' }, { jobId: 'waiting-job' });
      const taken = await serve(['--role', 'worker'], { PORT: String(port) });
      expect(taken.code).not.toBe(0);
      expect(taken.line.split('\n')).toHaveLength(1);
      expect(taken.line).toMatch(
        new RegExp(
          `^attest: port ${port} on 127\\.0\\.0\\.1 is taken by another process: stop it, or set PORT`,
        ),
      );
      expect(await (await queue.getJob('waiting-job'))!.getState()).toBe('waiting');
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await new Promise((r) => holder.close(r));
    }
  }, 60_000);

  it('stops on SIGTERM mid-job with exit 0, handing the job back, and the next start completes it', async () => {
    const extra = { PORT: '0', ATTEST_ALLOW_LOCAL_REPOS: '1', ATTEST_ALLOW_PRIVATE_URLS: '1' };
    const first = await serve([], extra);
    let stderr = first.line;
    first.child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const base = /on (http:\/\/\S+)/.exec(first.line)![1]!;
    const headers = { authorization: 'Bearer serve-key', 'content-type': 'application/json' };
    const submitted = await fetch(`${base}/v1/jobs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ repo: { url: aBareRepository(data.path, 'drained') } }),
    });
    const { id } = (await submitted.json()) as { id: string };
    // A reused keep-alive socket that the server closed meanwhile is reset: a GET asks again.
    const get = (url: string) => fetch(url, { headers }).catch(() => fetch(url, { headers }));
    const job = async (at: string) =>
      (await (await get(`${at}/v1/jobs/${id}`)).json()) as {
        state: string;
        stage: string | null;
      };
    for (
      let i = 0;
      i < 600 && ['queued', 'acquire'].includes((await job(base)).stage ?? 'queued');
      i += 1
    )
      await new Promise((r) => setTimeout(r, 50));
    expect((await job(base)).state).toBe('running');

    const exited = new Promise<number | null>((r) => first.child.on('exit', r));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('attest: SIGTERM: handing running jobs back, then stopping');
    expect(stderr).not.toMatch(/Unhandled|Connection is closed|Error/);

    const second = await serve([], extra);
    let after = second.line;
    second.child.stderr!.on('data', (chunk: Buffer) => (after += chunk.toString()));
    second.child.on('exit', (code) => (after += `\n[exited ${code}]`));
    const again = /on (http:\/\/\S+)/.exec(second.line)![1]!;
    let ended = await job(again);
    for (
      let i = 0;
      i < 1200 && !['completed', 'failed', 'cancelled'].includes(ended.state);
      i += 1
    ) {
      await new Promise((r) => setTimeout(r, 100));
      ended = await job(again).catch((error: Error) => {
        throw new Error(`${error.message}: ${after}`);
      });
    }
    expect({ ...ended, after }).toMatchObject({
      state: 'completed',
      attempts: 2,
      summary: { accepted: 2 },
    });
    second.child.kill('SIGTERM');
  }, 180_000);
});
