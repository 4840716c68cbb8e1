import { existsSync, readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { acquireRepo } from '../../src/acquire/acquire-repo';
import { pinnedGitConnections, type Resolve } from '../../src/acquire/connect-guard';
import { sendCallback } from '../../src/service/jobs/callback';
import { aConfig } from '../helpers/config';
import { aBareRepository, git } from '../helpers/git';
import { tempDir } from '../helpers/temp-dir';

/** A resolver stub: these names exist for the test alone, and never reach outside DNS. */
const resolveTo =
  (addresses: Record<string, string>): Resolve =>
  (host) =>
    Promise.resolve(addresses[host] ? [addresses[host]] : []);

/** git's dumb HTTP protocol: the files of a bare repository, served as they are. */
async function serveBare(
  bare: string,
): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  git(bare, 'update-server-info');
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.headers.host} ${req.url}`);
    const file = path.join(
      bare,
      decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/repo\.git/, '')),
    );
    if (!file.startsWith(bare) || !existsSync(file)) return void res.writeHead(404).end();
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('connections checked when they are made', () => {
  it('refuses a clone whose host resolves to loopback at clone time, and leaves no folder', async () => {
    const data = tempDir();
    try {
      const guard = pinnedGitConnections(false, resolveTo({ 'repo.example': '127.0.0.1' }));
      await expect(
        acquireRepo(
          { kind: 'url', url: 'https://repo.example/owner/repo.git' },
          aConfig({ dataDir: data.path }),
          undefined,
          guard,
        ),
      ).rejects.toThrow(
        'repo.url: repo.example resolves to 127.0.0.1, a loopback address, which the server refuses unless ATTEST_ALLOW_PRIVATE_URLS=1',
      );
      expect(readdirSync(data.path)).toEqual([]);
    } finally {
      data.dispose();
    }
  });

  it('connects the clone to the address it checked, by a name no DNS knows', async () => {
    const data = tempDir();
    const bare = aBareRepository(data.path).replace('file://', '');
    const server = await serveBare(bare);
    try {
      // Allowed to reach a private address, as a server on an internal network is.
      const guard = pinnedGitConnections(true, resolveTo({ 'git.internal.test': '127.0.0.1' }));
      // This test server speaks git's dumb protocol, which cannot clone shallow: what matters is
      // that git reached it, by a name that only the checked address answers.
      await expect(
        acquireRepo(
          { kind: 'url', url: `http://git.internal.test:${server.port}/repo.git` },
          aConfig({ dataDir: path.join(data.path, 'data') }),
          undefined,
          guard,
        ),
      ).rejects.toThrow(/dumb http transport does not support shallow/);
      expect(server.requests[0]).toBe(
        `git.internal.test:${server.port} /repo.git/info/refs?service=git-upload-pack`,
      );
    } finally {
      await server.close();
      data.dispose();
    }
  });

  it('calls back only the address it checked, and refuses one that resolves to loopback', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      req.on('data', (d: Buffer) => received.push(d.toString()));
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const url = `http://hooks.example:${port}/done`;
      const resolve = resolveTo({ 'hooks.example': '127.0.0.1' });
      expect(
        await sendCallback(
          url,
          { id: 'j1' },
          { secret: undefined, allowPrivateUrls: false, resolve },
        ),
      ).toEqual({
        delivered: false,
        attempts: 0,
        reason:
          'callbackUrl: hooks.example resolves to 127.0.0.1, a loopback address, which the server refuses unless ATTEST_ALLOW_PRIVATE_URLS=1',
      });
      expect(received).toEqual([]);
      expect(
        await sendCallback(
          url,
          { id: 'j1' },
          { secret: undefined, allowPrivateUrls: true, resolve },
        ),
      ).toEqual({ delivered: true, attempts: 1 });
      expect(received).toEqual(['{"id":"j1"}']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
