import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import Queue from 'bull';
import { bullPrefix } from '../../src/service/tokens';
import { BIN } from '../helpers/attest-bin';
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
});
