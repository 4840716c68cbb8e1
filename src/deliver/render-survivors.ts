import type { Report } from '../core/report';
import { cell, codeCell, formatUsd } from './markdown-cells';

/** At most this many survivors are listed one by one; all are counted. */
const LISTED_SURVIVORS = 100;

const MARKS: Record<Report['survivors'][number]['mark'], string> = {
  untested: 'untested behaviour',
  'possibly-equivalent': 'possibly equivalent',
};

/** What each round cost and bought: tier 0, the first pass, and each survivor round. */
export function roundsTable(report: Report): string[] {
  if (report.rounds.length === 0) return [];
  return [
    '| round | calls | tokens | cost | accepted | mutants killed | accepted per 1k tokens |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.rounds.map(
      (r) =>
        `| ${r.round} | ${r.calls} | ${r.inputTokens + r.outputTokens} | ${formatUsd(r.costUsd)} | ${r.accepted} | ${r.mutantsKilled} | ${r.acceptedPer1kTokens === null ? '-' : r.acceptedPer1kTokens.toFixed(2)} |`,
    ),
    '',
    "Mutants killed: those of the targeted code that the round's accepted tests kill and no earlier round's did.",
    '',
  ];
}

/** "Survivors": every mutant of the targeted code that no test checks, and what was never made. */
export function survivorsSection(report: Report): string[] {
  const { survivors, mutantsFiltered } = report;
  const filtered = mutantsFiltered.reduce((n, f) => n + f.count, 0);
  const filteredLine = filtered
    ? [
        `${filtered} mutants were never made, being equivalent by construction: ${mutantsFiltered.map((f) => `${f.rule} ${f.count}`).join(', ')}.`,
      ]
    : [];
  if (survivors.length === 0)
    return report.totals.mutants > 0 || filtered
      ? ['## Survivors', '', 'Every mutant of the targeted code is killed.', ...filteredLine, '']
      : [];
  const equivalent = survivors.filter((s) => s.mark === 'possibly-equivalent').length;
  return [
    '## Survivors',
    '',
    `${survivors.length} mutants of the targeted code survive every kept test and the repository's own suite: ${survivors.length - equivalent} untested behaviour, ${equivalent} possibly equivalent. Each is a change to the code that no test notices.`,
    ...filteredLine,
    '',
    '| mark | where | target | change | why |',
    '| --- | --- | --- | --- | --- |',
    ...survivors
      .slice(0, LISTED_SURVIVORS)
      .map(
        (s) =>
          `| ${MARKS[s.mark]} | ${s.file}:${s.line} | ${cell(s.target.split('#')[1] ?? s.target)} | ${codeCell(s.original)} → ${codeCell(s.replacement)} | ${cell(s.why)} |`,
      ),
    ...(survivors.length > LISTED_SURVIVORS
      ? ['', `${survivors.length - LISTED_SURVIVORS} more are in report.json (\`survivors\`).`]
      : []),
    '',
  ];
}
