import type { ServiceConfig } from '../service-config';
import { sendCallback, type CallbackOutcome } from './callback';
import type { EndState, JobRecord } from './job-record';
import type { JobStore } from './job-store';

/**
 * Records how a job ended; `callBack` then tells the client. Two steps, so that the API can
 * answer a cancel at once and leave the callback, with its retries, to run behind it.
 */
export async function endJob(
  store: JobStore,
  id: string,
  patch: Partial<JobRecord> & { state: EndState },
): Promise<void> {
  await store.update(id, { ...patch, finishedAt: new Date().toISOString() });
  // Last, so that a follower that hears the end reads the final record.
  await store.appendEvent(id, {
    type: 'end',
    state: patch.state,
    message: patch.error ?? patch.state,
  });
}

/**
 * Tells the client's callback URL how the job ended, if it gave one, and records how that
 * went. Returns the callback's outcome, or null without a callback.
 */
export async function callBack(
  store: JobStore,
  service: ServiceConfig,
  id: string,
): Promise<CallbackOutcome | null> {
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
