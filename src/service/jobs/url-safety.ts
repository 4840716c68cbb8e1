import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Why a URL that the server would fetch or call is refused, or null when it may be used: its
 * host must resolve, and every address it resolves to must be public, so that a job cannot make
 * the server reach its own loopback, private network or a cloud metadata address (SSRF).
 * `allowPrivate` lifts the address check for servers that work on an internal network.
 */
export async function unsafeUrlReason(
  field: string,
  url: string,
  allowPrivate: boolean,
): Promise<string | null> {
  const host = hostOf(url);
  if (!host) return `${field} has no host to reach`;
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host)
      ? [host]
      : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `${field}: the host ${host} does not resolve`;
  }
  if (allowPrivate) return null;
  const blocked = addresses.find((a) => ipaddr.process(a).range() !== 'unicast');
  return blocked
    ? `${field}: ${host} resolves to ${blocked}, a ${ipaddr.process(blocked).range()} address, which the server refuses unless ATTEST_ALLOW_PRIVATE_URLS=1`
    : null;
}

/** The host of an http(s), ssh or git URL (the API takes no other kind). */
function hostOf(url: string): string | null {
  try {
    const host = new URL(url).hostname;
    return host.replace(/^\[|\]$/g, '') || null;
  } catch {
    return null;
  }
}
