/** What `getJson` needs of a fetch: the global fetch fits. */
export type Fetch = (
  url: string,
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** Thrown for an answer whose status is not 2xx. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`GET ${url} answered ${status}`);
    this.name = 'HttpError';
  }
}

/** Fetches a URL and returns its JSON body; rejects with an HttpError on a status that is not 2xx. */
export async function getJson<T>(fetch: Fetch, url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new HttpError(response.status, url);
  return (await response.json()) as T;
}
