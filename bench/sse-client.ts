import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SseEvent {
  id: string;
  event: string;
  data: unknown;
  /** When it was parsed (performance.now()). */
  at: number;
}

export interface SseStream {
  status: number;
  contentType: string;
  /** Every event heard so far, in order. */
  events: SseEvent[];
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Opens a Server-Sent Events stream over real HTTP and parses what arrives, as a browser's
 * EventSource would (comments skipped, one event per blank line).
 */
export function openSse(url: string, headers: Record<string, string>): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const fields = new Map<string, string>();
          for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
          }
          if (fields.has('data'))
            events.push({
              id: fields.get('id') ?? '',
              event: fields.get('event') ?? 'message',
              data: JSON.parse(fields.get('data')!),
              at: performance.now(),
            });
        }
      });
      const ended = new Promise<void>((done) => res.on('end', done).on('close', done));
      resolve({
        status: res.statusCode ?? 0,
        contentType: String(res.headers['content-type'] ?? ''),
        events,
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}
