import type { Report } from '../../src/core/report';
import type { JobEvent, JobRecord, JobRequestRecord } from '../../src/service/jobs/job-record';

/** A job as the API shows it (the record without its owner and folder). */
export type Job = Omit<JobRecord, 'owner' | 'outDir'>;
export type { JobEvent, Report };

/** An answer of the API that is not a success, with the problem's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Every call goes with the session cookie (same origin) and reads problem+json on failure. */
async function call(method: string, url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.ok) return response;
  let message = `${response.status} ${response.statusText}`;
  try {
    const problem = (await response.json()) as { detail?: string; title?: string };
    message = problem.detail ?? problem.title ?? message;
  } catch {
    // Not problem+json (a proxy's page, say): the status says enough.
  }
  throw new ApiError(response.status, message);
}

const json = async <T>(method: string, url: string, body?: unknown): Promise<T> =>
  (await (await call(method, url, body)).json()) as T;

const jobUrl = (id: string) => `/v1/jobs/${encodeURIComponent(id)}`;

export const api = {
  session: () => json<{ admin: boolean }>('GET', '/v1/session'),
  signIn: (apiKey: string) => json<{ admin: boolean }>('POST', '/v1/session', { apiKey }),
  signOut: async () => {
    await call('DELETE', '/v1/session');
  },
  jobs: () => json<{ jobs: Job[]; next: string | null }>('GET', '/v1/jobs?limit=50'),
  job: (id: string) => json<Job>('GET', jobUrl(id)),
  submit: (request: JobRequestRecord) =>
    json<{ id: string; state: string }>('POST', '/v1/jobs', request),
  cancel: (id: string) => json<Job>('DELETE', jobUrl(id)),
  report: (id: string) => json<Report>('GET', `${jobUrl(id)}/report`),
  patch: async (id: string) => (await call('GET', `${jobUrl(id)}/patch`)).text(),
  /** The job's live events (the browser resumes after the last one it heard). */
  events: (id: string) => new EventSource(`${jobUrl(id)}/events`),
  download: (id: string, name: 'report.md' | 'report' | 'patch') => `${jobUrl(id)}/${name}`,
};

/** A repository field as the API takes it: a URL (or scp-like git address), else a local path. */
export function repoOf(text: string, ref: string): JobRequestRecord['repo'] {
  const value = text.trim();
  const isUrl = /^[a-z][\w+.-]*:\/\//i.test(value) || /^[\w.-]+@[\w.-]+:/.test(value);
  return {
    ...(isUrl ? { url: value } : { path: value }),
    ...(ref.trim() ? { ref: ref.trim() } : {}),
  };
}
