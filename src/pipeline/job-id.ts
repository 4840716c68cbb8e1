import { randomBytes } from 'node:crypto';

/**
 * A job id that sorts by time and is safe in a branch name: `20261125-061502-a1b2c3d4e5f6`.
 * 48 random bits: the service takes thousands of submissions a second, and 24 bits collided.
 */
export function newJobId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(6).toString('hex')}`;
}
