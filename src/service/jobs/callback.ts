import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  checkedTarget,
  systemResolve,
  UnsafeUrlError,
  type Resolve,
} from '../../acquire/connect-guard';

export interface CallbackOptions {
  /** Signs the body: `X-Attest-Signature: sha256=<hex HMAC-SHA256 of the body>`. */
  secret: string | undefined;
  allowPrivateUrls: boolean;
  attempts?: number;
  firstDelayMs?: number;
  resolve?: Resolve;
}

/** How a callback went: delivered on some attempt, or the last reason it was not. */
export type CallbackOutcome =
  { delivered: true; attempts: number } | { delivered: false; attempts: number; reason: string };

/**
 * POSTs a job's outcome to the client's callback URL, signed, retrying with exponential
 * backoff on a network error, a 429 or a 5xx. The host is resolved and checked once, when the
 * callback is sent, and every attempt connects to that checked address (no second lookup for a
 * rebinding name to answer); a redirect is never followed.
 */
export async function sendCallback(
  url: string,
  payload: unknown,
  options: CallbackOptions,
): Promise<CallbackOutcome> {
  let address: string;
  try {
    address = (
      await checkedTarget(
        'callbackUrl',
        url,
        options.allowPrivateUrls,
        options.resolve ?? systemResolve,
      )
    ).address;
  } catch (error) {
    if (error instanceof UnsafeUrlError)
      return { delivered: false, attempts: 0, reason: error.message };
    throw error;
  }
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret)
    headers['x-attest-signature'] =
      `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`;
  const attempts = options.attempts ?? 5;
  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const status = await post(url, address, headers, body);
      if (status >= 200 && status < 300) return { delivered: true, attempts: attempt };
      reason = `it answered ${status}`;
      if (status !== 429 && status < 500) return { delivered: false, attempts: attempt, reason };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (attempt < attempts)
      await new Promise((r) => setTimeout(r, (options.firstDelayMs ?? 1000) * 2 ** (attempt - 1)));
  }
  return { delivered: false, attempts, reason };
}

/** One POST to `url`, connected to `address` whatever its host resolves to now; its status. */
function post(
  url: string,
  address: string,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const family = address.includes(':') ? 6 : 4;
  const lookup: LookupFunction = (_host, options, done) => {
    if (options.all) done(null, [{ address, family }]);
    else done(null, address, family);
  };
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup,
        timeout: 10_000,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('timeout', () => request.destroy(new Error('it did not answer within 10 s')));
    request.on('error', reject);
    request.end(body);
  });
}
