import { conflictDetails, skipReasons, tally, type Report } from '../core/report';
import { suiteWarning } from '../core/verification';
import { cell, formatUsd } from './markdown-cells';
import { roundsTable, survivorsSection } from './render-survivors';

/** At most this many skipped examples are listed one by one; all are counted. */
const LISTED_SKIPS = 30;
/** At most this many rejected tests are listed under one reason; all are counted. */
const LISTED_PER_REASON = 10;
/** A requirement's text beside its id: its first line, cut at this many characters. */
const REQUIREMENT_WORDS = 80;

/** Who ran the tests, in the report's words. */
const RUNNER_WORDS = {
  jest: "under Attest's Jest",
  vitest: "under the repository's own vitest",
} as const;

/** report.md: what a reviewer reads first, in the order they need it. */
export function renderReportMarkdown(report: Report): string {
  return [
    `# Attest report for ${report.repo.source}`,
    '',
    `Commit \`${report.repo.commit}\`. ${summary(report)}`,
    '',
    ...changes(report),
    ...traceability(report),
    ...conflicts(report),
    ...examples(report),
    ...funnel(report),
    ...rejected(report),
    ...mutation(report),
    ...survivorsSection(report),
    ...cost(report),
    ...skipped(report),
    ...dependencies(report),
    ...delivery(report),
  ].join('\n');
}

function summary(report: Report): string {
  const t = report.totals;
  return `${count(t.accepted, 'accepted test')} out of ${count(t.candidates, 'candidate')} (${t.selected} kept in \`${report.testDir}\`), ${count(t.conflicts, 'requirement conflict')}, ${formatUsd(t.costUsd)} spent in ${(t.durationMs / 1000).toFixed(1)} s.`;
}

/**
 * The comment on a pull request: what the change touched, the stated examples it contradicts,
 * the tests added (and where), and the mutation score of the changed code.
 */
export function renderPullRequestComment(report: Report, pullRequestUrl: string | null): string {
  const t = report.totals;
  const c = report.changes;
  const score =
    t.mutationScore === null
      ? 'no mutant in the targeted code'
      : `${(t.mutationScore * 100).toFixed(1)}% (${t.mutantsKilled} of ${t.mutants} mutants killed)`;
  return [
    '### Attest',
    '',
    c
      ? `This change touches ${count(c.targets.length, 'target')} of ${c.targetsInRepository}: ${c.targets.map((x) => `\`${cell(x.name)}\``).join(', ') || 'none'}.`
      : `A job over the whole repository at \`${report.repo.commit.slice(0, 12)}\`.`,
    '',
    ...(report.conflicts.length
      ? [
          `**${count(report.conflicts.length, 'stated example')} the change contradicts** (the docs or the code is wrong):`,
          '',
          '| call | stated at | the docs say | the code gives |',
          '| --- | --- | --- | --- |',
          ...report.conflicts.map(
            (x) =>
              `| \`${cell(x.call)}\` | ${x.file}:${x.line} | \`${cell(x.expected)}\` | \`${cell(x.actual)}\` |`,
          ),
          '',
        ]
      : ['No stated example contradicts the change.', '']),
    ...deliveredTests(report),
    `**Tests added:** ${t.selected}${pullRequestUrl ? ` in ${pullRequestUrl}` : ''}. **Mutation score of the changed code:** ${score}.`,
    '',
  ].join('\n');
}

/** A diff job's scope: the change it compared and each target the change touched, with why. */
function changes(report: Report): string[] {
  const c = report.changes;
  if (!c) return [];
  return [
    '## Changes',
    '',
    `A diff job: ${count(c.targets.length, 'target')} of ${c.targetsInRepository} changed since \`${c.base}\` (\`${c.baseCommit.slice(0, 12)}\`), in ${count(c.files.length, 'changed file')}.`,
    '',
    ...(c.targets.length
      ? [
          '| target | where | why |',
          '| --- | --- | --- |',
          ...c.targets.map(
            (t) =>
              `| ${cell(t.name)} | ${cell(`${t.file}:${t.line}`)} | ${cell(t.why.join('; '))} |`,
          ),
          '',
        ]
      : ['The change touched no function or class that Attest targets.', '']),
    ...deliveredTests(report),
  ];
}

/** The tests Attest delivered earlier that the change makes fail, and what became of each. */
function deliveredTests(report: Report): string[] {
  const tests = report.changes?.deliveredTests ?? [];
  if (tests.length === 0) return [];
  const status = {
    conflict: 'fails: a conflict of the change, its file left as it is',
    updated: 'updated in this patch',
    removed: 'removed in this patch',
  };
  return [
    `**${count(tests.length, 'test')} Attest delivered earlier, which the change breaks or leaves without a target:**`,
    '',
    ...tests.map((t) => `- \`${cell(t.file)}\` > ${cell(t.name)}: ${status[t.status]} (${t.why}).`),
    '',
  ];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function traceability(report: Report): string[] {
  const accepted = report.tests.filter((t) => t.status === 'accepted' && t.selected);
  const rows = report.requirements.map((r) => {
    const tests = accepted.filter((t) => t.requirementIds.includes(r.id));
    return { r, tests };
  });
  const covered = rows.filter((row) => row.tests.length > 0);
  const uncovered = rows.filter((row) => row.tests.length === 0);
  return [
    '## Requirements and their tests',
    '',
    '| requirement | says | where | accepted tests |',
    '| --- | --- | --- | --- |',
    ...covered.map(
      ({ r, tests }) =>
        `| ${r.id} | ${cell(firstLine(r.text))} | ${r.file}:${r.line} | ${tests.map((t) => cell(`${t.file} > ${t.name}`)).join('<br>')} |`,
    ),
    '',
    ...(uncovered.length
      ? [
          'Requirements with no accepted test:',
          '',
          ...uncovered.map(({ r }) => `- ${r.id} (${r.file}:${r.line}): ${firstLine(r.text)}`),
        ]
      : ['Every requirement has an accepted test.']),
    '',
  ];
}

/** A requirement's first line of text, short enough to sit beside its id. */
function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  const trimmed = line.trim();
  return trimmed.length > REQUIREMENT_WORDS
    ? `${trimmed.slice(0, REQUIREMENT_WORDS - 1)}…`
    : trimmed;
}

/** The rejected tests by the gate that rejected them: each reason once, with its tests under it. */
function rejected(report: Report): string[] {
  const tests = report.tests.filter((t) => t.status === 'rejected');
  if (tests.length === 0) return [];
  const gates = tally(tests.map((t) => t.gate ?? 'none'));
  return [
    '## Rejected tests',
    '',
    `${count(tests.length, 'test')} rejected, by the gate that rejected ${tests.length === 1 ? 'it' : 'them'} (report.json has each verdict):`,
    '',
    ...gates.flatMap(([gate, n]) => {
      const byReason = new Map<string, string[]>();
      for (const t of tests.filter((t) => (t.gate ?? 'none') === gate)) {
        const reason = t.reasons.join(' ') || 'no reason given';
        byReason.set(reason, [...(byReason.get(reason) ?? []), `${t.file} > ${t.name}`]);
      }
      return [
        `### ${gate} (${n})`,
        '',
        ...[...byReason].flatMap(([reason, names]) => [
          `- ${cell(reason)}`,
          ...names.slice(0, LISTED_PER_REASON).map((name) => `  - ${cell(name)}`),
          ...(names.length > LISTED_PER_REASON
            ? [`  - and ${names.length - LISTED_PER_REASON} more`]
            : []),
        ]),
        '',
      ];
    }),
  ];
}

function conflicts(report: Report): string[] {
  if (report.conflicts.length === 0)
    return [
      '## Requirement conflicts',
      '',
      'None: the code does what every stated example says.',
      '',
    ];
  return [
    '## Requirement conflicts',
    '',
    'Each of these examples fails on the code as it is: either the docs or the code is wrong.',
    '',
    '| requirement | where | target | the docs say | the code gives |',
    '| --- | --- | --- | --- | --- |',
    ...report.conflicts.map(
      (c) =>
        `| ${places(c)} | ${wheres(c)} | ${cell(c.target)} | \`${cell(c.expected)}\` | \`${cell(c.actual)}\` |`,
    ),
    '',
    ...report.conflicts
      .filter((c) => conflictDetails(c).length > 0)
      .flatMap((c) => [
        `What differs for \`${cell(c.call)}\` (${c.file}:${c.line}):`,
        '',
        ...conflictDetails(c).map((d) => `- ${d}`),
        '',
      ]),
    ...report.conflicts
      .filter((c) => (c.failingTests ?? []).length > 0)
      .flatMap((c) => [
        `Tests Attest delivered earlier that now fail for \`${cell(c.call)}\` (${c.requirementId}): left as they are until the conflict is settled.`,
        '',
        ...(c.failingTests ?? []).map((t) => `- ${t.file} > ${t.name}`),
        '',
      ]),
    ...report.conflicts
      .filter((c) => c.echoedBy.length > 0)
      .flatMap((c) => [
        `Model tests that assert what the code gives for \`${cell(c.call)}\`, against ${c.requirementId}: not delivered until the conflict is settled.`,
        '',
        ...c.echoedBy.map((t) => `- ${t.file} > ${t.name}`),
        '',
      ]),
  ];
}

/** The requirements that state a conflict's example: one, or each place that repeats it. */
function places(c: Report['conflicts'][number]): string {
  return [...new Set((c.places ?? [c]).map((p) => p.requirementId))].join(', ');
}

function wheres(c: Report['conflicts'][number]): string {
  return (c.places ?? [c]).map((p) => `${p.file}:${p.line}`).join(', ');
}

/** The calls the docs show with a result, and each that no test states, with why. */
function examples(report: Report): string[] {
  const e = report.examples;
  if (e.found === 0) return [];
  return [
    '## Stated examples',
    '',
    `The docs show ${count(e.found, 'call')} with a result: ${count(e.distinct, 'distinct test')} state them, ${e.skipped.length} skipped.`,
    '',
    ...(e.skipped.length === 0
      ? []
      : [
          '| why skipped | examples |',
          '| --- | --- |',
          ...skipReasons(e).map(([kind, n]) => `| ${cell(kind)} | ${n} |`),
          '',
          ...e.skipped
            .slice(0, LISTED_SKIPS)
            .map((s) => `- ${s.file}:${s.line} \`${cell(s.call)}\`: ${cell(s.reason)}`),
          ...(e.skipped.length > LISTED_SKIPS
            ? [`- and ${e.skipped.length - LISTED_SKIPS} more in report.json`]
            : []),
          '',
        ]),
  ];
}

function suiteLine(report: Report): string[] {
  const suite = report.suite;
  return suite && suite.unloadable.length > 0
    ? [
        `**Warning:** ${suiteWarning(suite)}.`,
        '',
        ...suite.unloadable.map((u) => `- ${u.file}: ${cell(u.reason.split('\n')[0] ?? '')}`),
        '',
      ]
    : [];
}

function funnel(report: Report): string[] {
  const f = report.funnel;
  return [
    '## Funnel',
    '',
    `generated ${f.generated} → compiled ${f.compiled} → passed ${f.passed} → stable ${f.stable} → non-hollow ${f.nonHollow} → added ${f.added}`,
    '',
    ...reuseLine(report),
    ...suiteLine(report),
  ];
}

/** How many verdicts an earlier job's verification of the same inputs gave, unjudged again. */
function reuseLine(report: Report): string[] {
  const { verdictsReused: reused, candidates } = report.totals;
  if (reused === 0) return [];
  return [
    `${reused} of the ${candidates} verdicts were reused from an earlier verification of the same inputs (the test's text, the files its run can load, the install, the runner's options and engine); only the added-value gate judged those tests again.`,
    '',
  ];
}

/** The repository's own suite on the same mutants, so that the kept tests' score reads against it. */
function suiteScoreLine(report: Report): string[] {
  const suite = report.suite;
  if (!suite || suite.mutants === 0) return [];
  const share = suite.mutantsKilled / suite.mutants;
  const ratio =
    share > 0 && report.totals.mutationScore !== null
      ? ` The kept tests reach ${(report.totals.mutationScore / share).toFixed(2)} of its score.`
      : '';
  const ran =
    suite.reused === suite.files
      ? 'their results with the mutants reused from an earlier run'
      : `run with the mutants in ${(suite.runMs / 1000).toFixed(1)} s${suite.reused ? `, ${suite.reused} of them reused from an earlier run` : ''}`;
  return [
    `The repository's own suite (${suite.files} test files, ${ran}) kills ${suite.mutantsKilled} of the same ${suite.mutants}: ${(share * 100).toFixed(1)}%.${ratio}`,
  ];
}

function mutation(report: Report): string[] {
  const t = report.totals;
  const score =
    t.mutationScore === null
      ? 'no mutant was made of the targeted code'
      : `${(t.mutationScore * 100).toFixed(1)}%`;
  const coverage =
    t.statementCoverage === null
      ? 'no statement of the targeted code was measured'
      : `${(t.statementCoverage * 100).toFixed(1)}%`;
  return [
    '## Mutation score',
    '',
    `The accepted tests kill ${t.mutantsKilled} of ${t.mutants} mutants of the targeted code: ${score}.`,
    ...(t.examples.mutants > 0 && t.examples.mutants < t.mutants
      ? [
          `Of those in the code of the targets whose requirements state examples, they kill ${t.examples.mutantsKilled} of ${t.examples.mutants}: ${((t.examples.mutantsKilled / t.examples.mutants) * 100).toFixed(1)}%.`,
        ]
      : []),
    ...suiteScoreLine(report),
    `The kept tests execute ${t.statementsCovered} of its ${t.statements} statements: ${coverage}.`,
    '',
  ];
}

function cost(report: Report): string[] {
  const t = report.totals;
  const per1k =
    t.acceptedPer1kTokens === null ? 'no tokens were spent' : t.acceptedPer1kTokens.toFixed(2);
  return [
    '## Tokens and cost',
    '',
    '| origin | calls | candidates | accepted | tokens | cost | accepted per 1k tokens |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...report.byOrigin.map(
      (o) =>
        `| ${o.origin} | ${o.calls} | ${o.candidates} | ${o.accepted} | ${o.tokens} | ${formatUsd(o.costUsd)} | ${o.tokens ? ((o.accepted * 1000) / o.tokens).toFixed(2) : '-'} |`,
    ),
    '',
    ...roundsTable(report),
    `${t.inputTokens} input and ${t.outputTokens} output tokens; accepted tests per 1k tokens: ${per1k}.`,
    '',
  ];
}

function skipped(report: Report): string[] {
  const lines = [
    ...report.unavailableTiers.map((t) => `- tier ${t.origin} was skipped: ${t.reason}`),
    ...report.skipped.map((s) => `- ${s.targetId} was skipped: ${s.reason}`),
  ];
  return lines.length ? ['## Skipped', '', ...lines, ''] : [];
}

function dependencies(report: Report): string[] {
  const d = report.dependencies;
  if (d?.status === 'none' && d.warning)
    return ['## Dependencies', '', `- **Warning:** ${d.warning}`, ''];
  if (!d || d.status === 'none') return [];
  const how =
    d.status === 'linked'
      ? `linked from the repository's own \`${d.from}\``
      : `installed with \`${d.command}\` in ${(d.installMs / 1000).toFixed(1)} s${d.cached ? ' (by an earlier job on the same lock: this one reused it)' : ''}`;
  return [
    '## Dependencies',
    '',
    `- The repository's dependencies were ${how}.`,
    ...(d.status === 'installed' && d.warning ? [`- **Warning:** ${d.warning}`] : []),
    '',
  ];
}

function delivery(report: Report): string[] {
  const d = report.delivery;
  const parts = [
    d.repository ? `Repository: \`${d.repository}\`` : null,
    d.pullRequestUrl ? `Pull request: ${d.pullRequestUrl}` : null,
    d.branch ? `Branch: \`${d.branch}\`${d.commit ? ` at \`${d.commit}\`` : ''}` : null,
    d.patch ? `Patch: \`${d.patch}\`` : null,
    d.pushedTo ? `Pushed to: ${d.pushedTo} as \`${d.remoteBranch ?? d.branch}\`` : null,
    d.note ? `Note: ${d.note}` : null,
    deliveryCheckLine(report),
    ...nextSteps(report).map((step) => `Next: ${step}`),
    report.containment
      ? `Tests ran ${RUNNER_WORDS[report.containment.runner ?? 'jest']}, in ${report.containment.how}${report.containment.sandboxed ? '' : ': **unsandboxed**'}.`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? ['## Delivery', '', ...parts.map((p) => `- ${p}`), ''] : [];
}

/**
 * How to take the delivered tests, and how to drop them: review the pull request, merge the
 * branch where it is (the user's own repository), or apply the patch in a checkout of one's own
 * (a URL job's branch lies in Attest's clone).
 */
export function nextSteps(report: Report): string[] {
  const d = report.delivery;
  if (d.pullRequestUrl) return [`review and merge the pull request ${d.pullRequestUrl}`];
  if (!d.branch) return [];
  const byUrl =
    /^[a-z][a-z+]*:\/\//i.test(report.repo.source) || /^[^/]+@[^/]+:/.test(report.repo.source);
  const apply = d.patch ? `\`git am ${d.patch}\` in your checkout` : null;
  if (byUrl || !d.repository) return apply ? [apply] : [];
  const git = `git -C ${d.repository}`;
  return [
    `\`${git} merge ${d.branch}\`${apply ? `, or ${apply}` : ''}`,
    `drop the branch with \`${git} branch -D ${d.branch}\``,
  ];
}

/** What the repository's own runner said of the delivered tests. */
export function deliveryCheckLine(report: Report): string | null {
  const c = report.deliveryCheck;
  if (!c) return null;
  if (c.status === 'skipped') return `Delivery check: skipped, ${c.reason}`;
  const failed = c.failed.map((f) => `${f.file} > ${f.name}: ${f.reason}`).join('; ');
  const formatted = c.formatted
    ? ` (the files formatted first by the repository's own \`${c.formatted.command}\`)`
    : '';
  return `Delivery check: \`${c.command}\`${formatted} passed ${c.passed}${c.failed.length ? `, failed ${c.failed.length}, which were not delivered (${failed})` : ''}`;
}
