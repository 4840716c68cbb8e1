import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { AttestError } from '../core/attest-error';

/** A host's addresses; the service resolves with the system's resolver, a test with a stub. */
export type Resolve = (host: string) => Promise<string[]>;

export const systemResolve: Resolve = async (host) =>
  ipaddr.isValid(host)
    ? [host]
    : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** A URL the server would reach, refused: the message says which field and why. */
export class UnsafeUrlError extends AttestError {
  constructor(message: string) {
    super(message, 'input');
  }
}

/** Where a checked URL connects: its host, port and the one address that was checked. */
export interface CheckedTarget {
  host: string;
  port: number;
  address: string;
}

const DEFAULT_PORTS: Record<string, number> = {
  'https:': 443,
  'http:': 80,
  'ssh:': 22,
  'git:': 9418,
};

/**
 * Resolves a URL's host once and checks every address it gives: all must be public unless
 * `allowPrivate`, so that a job cannot make the server reach its own loopback, private network
 * or a cloud metadata address (SSRF). The caller connects to the address returned, never
 * resolving again, so a name that changes its answer between check and connect (DNS
 * rebinding) gains nothing.
 */
export async function checkedTarget(
  field: string,
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): Promise<CheckedTarget> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeUrlError(`${field} has no host to reach`);
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new UnsafeUrlError(`${field} has no host to reach`);
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    addresses = [];
  }
  if (addresses.length === 0)
    throw new UnsafeUrlError(`${field}: the host ${host} does not resolve`);
  const blocked = allowPrivate
    ? undefined
    : addresses.find((a) => ipaddr.process(a).range() !== 'unicast');
  if (blocked)
    throw new UnsafeUrlError(
      `${field}: ${host} resolves to ${blocked}, a ${ipaddr.process(blocked).range()} address, which the server refuses unless ATTEST_ALLOW_PRIVATE_URLS=1`,
    );
  return {
    host,
    port: parsed.port ? Number(parsed.port) : (DEFAULT_PORTS[parsed.protocol] ?? 443),
    address: addresses[0]!,
  };
}

/**
 * What a clone of `url` must be run with so that git connects only to the checked address:
 * its environment's config (git's curl resolves the host to that address, follows no redirect
 * and uses no proxy). A local or file:// URL needs nothing; an ssh or git URL is checked, but
 * its connection is git's own to make.
 */
export type ConnectGuard = (url: string) => Promise<Record<string, string>>;

export function pinnedGitConnections(
  allowPrivate: boolean,
  resolve: Resolve = systemResolve,
): ConnectGuard {
  return async (url) => {
    if (!/^[a-z][\w+.-]*:\/\//i.test(url) || /^file:/i.test(url)) return {};
    const target = await checkedTarget('repo.url', url, allowPrivate, resolve);
    if (!/^https?:/i.test(url)) return {};
    const address = target.address.includes(':') ? `[${target.address}]` : target.address;
    const settings: [string, string][] = [
      ['http.curloptResolve', `${target.host}:${target.port}:${address}`],
      ['http.followRedirects', 'false'],
      ['http.proxy', ''],
    ];
    return {
      GIT_CONFIG_COUNT: String(settings.length),
      ...Object.fromEntries(
        settings.flatMap(([key, value], i) => [
          [`GIT_CONFIG_KEY_${i}`, key],
          [`GIT_CONFIG_VALUE_${i}`, value],
        ]),
      ),
    };
  };
}
