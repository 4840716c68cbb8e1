import { promises as fs } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/** The file name of the proxy's socket in the folder a sandboxed install is given. */
export const PROXY_SOCKET = 'registry.sock';

/**
 * Attest's egress proxy for one install: an HTTP proxy on a Unix socket, which the sandbox
 * (with no network of its own) reaches through a bridge inside it (src/runtime/proxy-bridge.ts).
 * It tunnels (CONNECT) and forwards only to the allowed registry hosts, and refuses anything
 * else: the host's loopback (Redis), private ranges, metadata services, a lock's git host.
 *
 * Chosen over slirp4netns or pasta because it allows by host name: those give the sandbox the
 * whole network less the host's loopback, and private ranges would still answer.
 */
export class RegistryProxy {
  /** The hosts asked for and refused, for the install's error message. */
  readonly refused = new Set<string>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    readonly socket: string,
  ) {}

  /** Starts the proxy on a socket in `folder`, allowing `hosts` (lower case). */
  static async start(folder: string, hosts: readonly string[]): Promise<RegistryProxy> {
    const allowed = new Set(hosts.map((h) => h.toLowerCase()));
    const server = http.createServer();
    const proxy = new RegistryProxy(server, path.join(folder, PROXY_SOCKET));
    server.on('connection', (s: net.Socket) => {
      proxy.sockets.add(s);
      s.on('close', () => proxy.sockets.delete(s));
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) =>
      proxy.tunnel(req, client, head, allowed),
    );
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) =>
      proxy.forward(req, res, allowed),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(proxy.socket, resolve);
    });
    return proxy;
  }

  private tunnel(
    req: http.IncomingMessage,
    client: net.Socket,
    head: Buffer,
    allowed: Set<string>,
  ): void {
    const [host = '', port = '443'] = (req.url ?? '').split(':');
    if (!allowed.has(host.toLowerCase())) {
      this.refused.add(host);
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, allowed: Set<string>): void {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (target.protocol !== 'http:' || !allowed.has(target.hostname.toLowerCase())) {
      this.refused.add(target.hostname);
      res.writeHead(403).end();
      return;
    }
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await fs.rm(this.socket, { force: true });
  }
}

/**
 * The registry hosts an install may reach: the configured ones, and those the operator's own
 * package-manager settings name (a mirror in ~/.npmrc), never those a repository's files name.
 */
export async function registryHosts(
  configured: readonly string[],
  operatorConfigs: readonly string[],
): Promise<string[]> {
  const named = await Promise.all(
    operatorConfigs.map(async (file) => {
      const text = await fs.readFile(file, 'utf8').catch(() => '');
      return [...text.matchAll(/registry\s*[=:]\s*["']?(https?:\/\/[^\s"']+)/gi)].flatMap((m) => {
        try {
          return [new URL(m[1]!).hostname.toLowerCase()];
        } catch {
          return [];
        }
      });
    }),
  );
  return [...new Set([...configured, ...named.flat()])];
}
