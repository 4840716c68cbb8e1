import { createHmac } from 'node:crypto';
import { unsafeUrlReason } from './url-safety';

export interface CallbackOptions {
  /** Signs the body: `X-Attest-Signature: sha256=<hex HMAC-SHA256 of the body>`. */
  secret: string | undefined;
  allowPrivateUrls: boolean;
  attempts?: number;
  firstDelayMs?: number;
}

/** How a callback went: delivered on some attempt, or the last reason it was not. */
export type CallbackOutcome =
  { delivered: true; attempts: number } | { delivered: false; attempts: number; reason: string };

/**
 * POSTs a job's outcome to the client's callback URL, signed, retrying with exponential
 * backoff on a network error, a 429 or a 5xx. The URL is checked again before each job's
 * callback, since what a host resolves to can change after the job was accepted.
 */
export async function sendCallback(
  url: string,
  payload: unknown,
  options: CallbackOptions,
): Promise<CallbackOutcome> {
  const refused = await unsafeUrlReason('callbackUrl', url, options.allowPrivateUrls);
  if (refused) return { delivered: false, attempts: 0, reason: refused };
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.secret)
    headers['x-attest-signature'] =
      `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}`;
  const attempts = options.attempts ?? 5;
  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return { delivered: true, attempts: attempt };
      reason = `it answered ${response.status}`;
      if (response.status !== 429 && response.status < 500)
        return { delivered: false, attempts: attempt, reason };
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    if (attempt < attempts)
      await new Promise((r) => setTimeout(r, (options.firstDelayMs ?? 1000) * 2 ** (attempt - 1)));
  }
  return { delivered: false, attempts, reason };
}
