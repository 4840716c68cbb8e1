import type { ServiceConfig } from '../service-config';
import { sendCallback, type CallbackOutcome } from './callback';
import type { JobRecord } from './job-record';
import type { JobStore } from './job-store';

/**
 * Records how a job ended, then tells the client's callback URL, if it gave one, and records
 * how that went. Returns the callback's outcome, or null without a callback.
 */
export async function endJob(
  store: JobStore,
  service: ServiceConfig,
  id: string,
  patch: Partial<JobRecord>,
): Promise<CallbackOutcome | null> {
  await store.update(id, { ...patch, finishedAt: new Date().toISOString() });
  const record = await store.get(id);
  const url = record?.request.callbackUrl;
  if (!record || !url) return null;
  const { state, summary, error, finishedAt } = record;
  const outcome = await sendCallback(
    url,
    { id, state, summary, error, finishedAt },
    {
      secret: service.callbackSecret,
      allowPrivateUrls: service.allowPrivateUrls,
      firstDelayMs: service.callbackRetryMs,
    },
  );
  await store.update(id, { callback: outcome });
  return outcome;
}
