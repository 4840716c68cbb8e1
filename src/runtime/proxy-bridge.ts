// Inside an install's sandbox, which has no network but its own loopback: listens on that
// loopback and carries each connection to Attest's egress proxy, whose Unix socket is bound in.
// The package manager is pointed at it through the usual proxy variables.
import net from 'node:net';

/** Starts the bridge to the proxy's socket; resolves with the loopback port it listens on. */
export function startBridge(socketPath: string): Promise<number> {
  const server = net.createServer((client) => {
    const upstream = net.connect(socketPath);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** The variables npm, pnpm and both yarns read for an HTTP proxy, all naming the bridge. */
export function proxyEnvironment(port: number): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  const names = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'];
  const npm = ['npm_config_proxy', 'npm_config_https_proxy', 'YARN_HTTP_PROXY', 'YARN_HTTPS_PROXY'];
  const env = Object.fromEntries([...names, ...npm].map((n) => [n, url]));
  return { ...env, NO_PROXY: '', no_proxy: '', npm_config_noproxy: '' };
}
