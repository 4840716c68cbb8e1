import type { Job } from './api';

export const money = (usd: number) => `$${usd.toFixed(usd < 0.01 && usd > 0 ? 4 : 2)}`;

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export const repoLabel = (job: Job) => {
  const repo = job.request.repo;
  const where = repo.url ?? repo.path ?? '?';
  return repo.ref ? `${where} @ ${repo.ref}` : where;
};

export const percent = (share: number | null) =>
  share === null ? '—' : `${Math.round(share * 1000) / 10}%`;

/** Where two printed values part: the common start, then each one's rest. */
export function partition(a: string, b: string): { same: string; left: string; right: string } {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return { same: a.slice(0, i), left: a.slice(i), right: b.slice(i) };
}
