import { randomBytes } from 'node:crypto';

/** A job id that sorts by time and is safe in a branch name: `20261125-061502-a1b2c3`. */
export function newJobId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}
