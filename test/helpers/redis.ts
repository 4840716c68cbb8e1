import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';

/** A Redis for a test file: its URL (on its own database), its namespace, and how to let it go. */
export interface TestRedis {
  url: string;
  /**
   * The file's own ATTEST_QUEUE_PREFIX: pub/sub ignores database numbers, so a database alone
   * does not keep two files' queue events apart.
   */
  prefix: string;
  stop: () => Promise<void>;
}

/**
 * REDIS_URL, or 127.0.0.1:6379 when it answers, or a redis-server from PATH started on a free
 * port. Never skips: with none of them, it fails and says how to get Redis. Each test file asks
 * for its own database number and gets it empty.
 */
export async function startTestRedis(database: number): Promise<TestRedis> {
  const known = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `attest-test-${database}`;
  if (await answers(known))
    return { url: await emptied(known, database), prefix, stop: async () => {} };
  const own = await startOwnRedis();
  return { url: await emptied(own.url, database), prefix, stop: own.stop };
}

/** A redis-server of the test's own on a free port; with `dir`, it keeps an append-only file there. */
export async function startOwnRedis(dir?: string): Promise<{
  url: string;
  restart: () => Promise<void>;
  /** Stops the server for `ms`, then starts it again on the same port. */
  down: (ms: number) => Promise<void>;
  stop: () => Promise<void>;
}> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'no redis-server on PATH: install it (apt install redis-server) or set REDIS_URL to a Redis',
    );
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const args = dir
    ? [
        '--port',
        String(port),
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--dir',
        dir,
        '--save',
        '',
      ]
    : ['--port', String(port), '--save', '', '--appendonly', 'no'];
  let server: ChildProcess;
  const start = async () => {
    server = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 50 && !(await answers(url)); i += 1)
      await new Promise((r) => setTimeout(r, 100));
  };
  const stop = async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url,
    restart: async () => {
      await stop();
      await start();
    },
    down: async (ms) => {
      await stop();
      await new Promise((r) => setTimeout(r, ms));
      await start();
    },
    stop,
  };
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function emptied(url: string, database: number): Promise<string> {
  const withDb = `${url.replace(/\/\d*$/, '')}/${database}`;
  const client = new Redis(withDb);
  await client.flushdb();
  await client.quit();
  return withDb;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
