// What tier 0 made of a repository's stated examples, for bench:generate and bench:repos: how
// many the docs show, how many distinct tests they make, why the others were skipped, and each
// reported conflict judged against a hand-checked list of the docs' known bugs
// (bench/data/known-doc-bugs.json), so that a false conflict shows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { skipReasons, type Report } from '../src/core/report';

/** Per repository, per conflict `call => expected`: true when the docs or the code are really wrong. */
type KnownBugs = Record<string, Record<string, { real: boolean; why: string }>>;

const KNOWN: KnownBugs = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'bench', 'data', 'known-doc-bugs.json'), 'utf8'),
) as KnownBugs;

/** The key a conflict is judged by: its call and what the docs say it gives. */
export function conflictKey(conflict: Report['conflicts'][number]): string {
  return `${conflict.call} => ${conflict.expected}`;
}

/** The columns: found, distinct, skipped by reason, and conflicts true / false / unchecked. */
export function exampleColumns(repository: string, report: Report): string[] {
  const e = report.examples;
  const known = KNOWN[repository] ?? {};
  let real = 0;
  let wrong = 0;
  const unchecked: Report['conflicts'] = [];
  for (const conflict of report.conflicts) {
    const verdict = known[conflictKey(conflict)];
    if (verdict?.real) real += 1;
    else if (verdict) wrong += 1;
    else unchecked.push(conflict);
  }
  for (const conflict of unchecked)
    process.stderr.write(
      `${repository}: unchecked conflict ${JSON.stringify(conflictKey(conflict))}: the code gives ${conflict.actual} (${conflict.file}:${conflict.line})\n`,
    );
  const skipped = skipReasons(e)
    .map(([why, n]) => `${n} ${why}`)
    .join('; ');
  return [
    String(e.found),
    String(e.distinct),
    e.skipped.length ? `${e.skipped.length}: ${skipped}` : '0',
    `${real} / ${wrong}${unchecked.length ? ` / ${unchecked.length} unchecked` : ''}`,
  ];
}

/** The headers of exampleColumns. */
export const EXAMPLE_HEADERS = [
  'examples found',
  'distinct tests',
  'skipped: why',
  'conflicts true / false',
];
