import { createHash } from 'node:crypto';

/** A short, stable hex digest of text: equal text gives an equal hash on every run. */
export function contentHash(text: string, length = 16): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
