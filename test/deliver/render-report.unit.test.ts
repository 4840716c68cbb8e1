import { aVerdict } from '../helpers/factories';
import type { Report } from '../../src/core/report';
import { renderReportMarkdown } from '../../src/deliver/render-report';

function aReport(overrides: Partial<Report> = {}): Report {
  return {
    repo: { source: 'examples/textkit', commit: 'abc123' },
    testDir: 'test/attest',
    examples: {
      found: 4,
      distinct: 2,
      skipped: [
        {
          file: 'README.md',
          line: 20,
          call: "format('x')",
          reason: 'not ours: format is no function of this repository',
        },
        {
          file: 'src/a.ts',
          line: 3,
          call: 'pick(items)',
          reason: 'its stated result is prose, not a value: "Returns: the ids"',
        },
      ],
    },
    targets: [
      {
        id: 'src/numbers.ts#ordinal',
        name: 'ordinal',
        file: 'src/numbers.ts',
        line: 31,
        requirementIds: ['doc-1'],
        examples: 2,
        selectedTests: 1,
        mutants: 8,
        killed: 6,
        statements: 10,
        statementsCovered: 9,
      },
    ],
    requirements: [
      { id: 'doc-1', source: 'markdown', file: 'README.md', line: 155, text: 'ordinal' },
      { id: 'REQ-2', source: 'markdown', file: 'docs/errors.md', line: 12, text: 'empty input' },
    ],
    tests: [
      {
        ...aVerdict({
          file: 'test/attest/ordinal.test.ts',
          name: "ordinal(1) returns '1st'",
          target: 'ordinal',
        }),
        requirementIds: ['doc-1'],
        selected: true,
      },
      {
        ...aVerdict({
          file: 'test/attest/ordinal.test.ts',
          name: "ordinal(11) returns '11th'",
          target: 'ordinal',
          status: 'conflict',
          gate: 'pass',
          reasons: ['it fails'],
        }),
        requirementIds: ['doc-1'],
        selected: false,
      },
    ],
    conflicts: [
      {
        requirementId: 'doc-1',
        target: 'ordinal',
        file: 'README.md',
        line: 162,
        call: 'ordinal(11)',
        expected: "'11th'",
        actual: "'11st'",
        echoedBy: [],
      },
    ],
    totals: {
      verdictsReused: 0,
      candidates: 2,
      accepted: 1,
      selected: 1,
      rejected: 0,
      conflicts: 1,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      acceptedPer1kTokens: null,
      mutants: 8,
      mutantsKilled: 6,
      mutationScore: 0.75,
      examples: { mutants: 4, mutantsKilled: 3, statements: 6, statementsCovered: 6 },
      statements: 10,
      statementsCovered: 9,
      statementCoverage: 0.9,
      durationMs: 12_300,
    },
    rounds: [
      {
        round: 'tier 0',
        calls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        accepted: 1,
        mutantsKilled: 4,
        acceptedPer1kTokens: null,
      },
      {
        round: 'survivor round 1',
        calls: 2,
        inputTokens: 3000,
        outputTokens: 1000,
        costUsd: 0.002,
        accepted: 1,
        mutantsKilled: 2,
        acceptedPer1kTokens: 0.25,
      },
    ],
    survivors: [
      {
        id: 7,
        target: 'src/numbers.ts#ordinal',
        file: 'src/numbers.ts',
        line: 33,
        mutator: 'EqualityOperator',
        original: 'last === 3',
        replacement: 'last !== 3',
        mark: 'untested',
        why: 'no kept test runs this code.',
      },
      {
        id: 8,
        target: 'src/numbers.ts#ordinal',
        file: 'src/numbers.ts',
        line: 34,
        mutator: 'ArithmeticOperator',
        original: 'n % 100',
        replacement: 'n * 100',
        mark: 'possibly-equivalent',
        why: 'kept tests run this code, and 2 survivor round(s) at every model tier killed nothing more.',
      },
    ],
    survivorRounds: [],
    mutantsFiltered: [{ rule: 'edge-gives-same-branch', count: 3 }],
    byOrigin: [
      { origin: 'examples', calls: 0, candidates: 2, accepted: 1, tokens: 0, costUsd: 0 },
      { origin: 'model:cheap', calls: 2, candidates: 2, accepted: 1, tokens: 4000, costUsd: 0.002 },
    ],
    calls: [],
    changes: null,
    skipped: [{ targetId: 'src/numbers.ts#median', reason: "the job's budget of $0.01 is spent" }],
    unavailableTiers: [{ origin: 'model:big', reason: 'connection refused' }],
    funnel: { generated: 2, compiled: 2, passed: 1, stable: 1, nonHollow: 1, added: 1 },
    delivery: {
      repository: '/work/textkit',
      branch: 'attest/job-1',
      commit: 'def456',
      patch: '.attest/job-1/tests.patch',
      pushedTo: null,
      remoteBranch: null,
      pullRequestUrl: null,
      commentUrl: null,
      note: null,
    },
    dependencies: { status: 'none' },
    suite: {
      files: 3,
      reused: 0,
      unloadable: [],
      mutants: 8,
      mutantsKilled: 5,
      runMs: 4_200,
      staticMs: 0,
    },
    deliveryCheck: null,
    containment: { sandboxed: true, how: 'bubblewrap sandbox', runner: 'jest' },
    ...overrides,
  };
}

describe(renderReportMarkdown.name, () => {
  const md = renderReportMarkdown(aReport());

  it('opens with the summary a reviewer needs first', () => {
    expect(md.split('\n').slice(0, 3)).toEqual([
      '# Attest report for examples/textkit',
      '',
      'Commit `abc123`. 1 accepted test out of 2 candidates (1 kept in `test/attest`), 1 requirement conflict, $0.00 spent in 12.3 s.',
    ]);
  });

  it('traces each requirement, with what it says, to its accepted tests, and names those with none', () => {
    expect(md).toContain(
      "| doc-1 | ordinal | README.md:155 | test/attest/ordinal.test.ts > ordinal(1) returns '1st' |",
    );
    expect(md).toContain(
      'Requirements with no accepted test:\n\n- REQ-2 (docs/errors.md:12): empty input',
    );
    expect(md).not.toContain("ordinal(11) returns '11th' |");
    const long = renderReportMarkdown(
      aReport({
        requirements: [
          { ...aReport().requirements[1]!, text: `\n${'word '.repeat(30)}\nsecond line` },
        ],
      }),
    );
    expect(long).toMatch(/- REQ-2 \(docs\/errors\.md:12\): (word ){15}word…\n/);
  });

  it('groups the rejected tests by gate, each reason once with the tests it rejected', () => {
    const rejectedTest = (name: string, gate: 'hollow' | 'added-value', reason: string) => ({
      ...aVerdict({
        file: 'test/attest/pad.test.ts',
        name,
        target: 'pad',
        status: 'rejected',
        gate,
        reasons: [reason],
      }),
      requirementIds: [],
      selected: false,
    });
    const report = renderReportMarkdown(
      aReport({
        tests: [
          ...aReport().tests,
          rejectedTest('a', 'hollow', 'it asserts nothing.'),
          rejectedTest('b', 'hollow', 'it asserts nothing.'),
          rejectedTest('c', 'added-value', 'the suite already kills what it kills.'),
          rejectedTest('d', 'hollow', 'its only assertion is on a literal.'),
        ],
      }),
    );
    expect(report).toContain(
      [
        '## Rejected tests',
        '',
        '4 tests rejected, by the gate that rejected them (report.json has each verdict):',
        '',
        '### hollow (3)',
        '',
        '- it asserts nothing.',
        '  - test/attest/pad.test.ts > a',
        '  - test/attest/pad.test.ts > b',
        '- its only assertion is on a literal.',
        '  - test/attest/pad.test.ts > d',
        '',
        '### added-value (1)',
        '',
        '- the suite already kills what it kills.',
        '  - test/attest/pad.test.ts > c',
      ].join('\n'),
    );
    expect(md).not.toContain('## Rejected tests');
  });

  it('says a numeric difference once, in the table, and other differences under it', () => {
    const numeric = {
      ...aReport().conflicts[0]!,
      call: 'half(3)',
      expected: '1',
      actual: '1.5',
      differences: ['the docs say 1, the code gives 1.5.'],
    };
    expect(renderReportMarkdown(aReport({ conflicts: [numeric] }))).not.toContain('What differs');
    const strings = {
      ...aReport().conflicts[0]!,
      differences: ["the strings part at character 3: the docs have '11th', the code '11st'."],
    };
    expect(renderReportMarkdown(aReport({ conflicts: [strings] }))).toContain(
      "What differs for `ordinal(11)` (README.md:162):\n\n- the strings part at character 3: the docs have '11th', the code '11st'.",
    );
  });

  it('says how to take the tests and drop the branch, or to apply the patch for a job by URL', () => {
    expect(md).toContain(
      '- Next: `git -C /work/textkit merge attest/job-1`, or `git am .attest/job-1/tests.patch` in your checkout\n- Next: drop the branch with `git -C /work/textkit branch -D attest/job-1`',
    );
    const byUrl = renderReportMarkdown(
      aReport({ repo: { source: 'https://github.com/acme/textkit', commit: 'abc123' } }),
    );
    expect(byUrl).toContain('- Next: `git am .attest/job-1/tests.patch` in your checkout');
    expect(byUrl).not.toContain('merge attest/job-1');
    const none = aReport().delivery;
    expect(
      renderReportMarkdown(aReport({ delivery: { ...none, branch: null, patch: null } })),
    ).not.toContain('Next:');
  });

  it('lists each conflict with what the docs say and what the code gives', () => {
    expect(md).toContain("| doc-1 | README.md:162 | ordinal | `'11th'` | `'11st'` |");
  });

  it('shows the funnel, the mutation score, tokens per origin and the delivery', () => {
    expect(md).toContain('generated 2 → compiled 2 → passed 1 → stable 1 → non-hollow 1 → added 1');
    expect(md).toContain(
      'The accepted tests kill 6 of 8 mutants of the targeted code: 75.0%.\nOf those in the code of the targets whose requirements state examples, they kill 3 of 4: 75.0%.',
    );
    expect(md).toContain('The kept tests execute 9 of its 10 statements: 90.0%.');
    expect(md).toContain(
      "The repository's own suite (3 test files, run with the mutants in 4.2 s) kills 5 of the same 8: 62.5%. The kept tests reach 1.20 of its score.",
    );
    expect(md).toContain('| examples | 0 | 2 | 1 | 0 | $0.00 | - |');
    expect(md).toContain('| model:cheap | 2 | 2 | 1 | 4000 | $0.0020 | 0.25 |');
    expect(md).toContain('accepted tests per 1k tokens: no tokens were spent.');
    expect(md).toContain('- Branch: `attest/job-1` at `def456`');
    expect(md).toContain("- Tests ran under Attest's Jest, in bubblewrap sandbox.");
    expect(
      renderReportMarkdown(
        aReport({ containment: { sandboxed: false, how: 'a process group', runner: 'vitest' } }),
      ),
    ).toContain(
      "- Tests ran under the repository's own vitest, in a process group: **unsandboxed**.",
    );
  });

  it("says when the suite's results were reused from an earlier run, in part or in whole", () => {
    const suite = {
      files: 3,
      unloadable: [],
      mutants: 8,
      mutantsKilled: 5,
      runMs: 1_000,
      staticMs: 0,
    };
    expect(renderReportMarkdown(aReport({ suite: { ...suite, reused: 2 } }))).toContain(
      "The repository's own suite (3 test files, run with the mutants in 1.0 s, 2 of them reused from an earlier run) kills 5",
    );
    expect(renderReportMarkdown(aReport({ suite: { ...suite, reused: 3, runMs: 0 } }))).toContain(
      "The repository's own suite (3 test files, their results with the mutants reused from an earlier run) kills 5",
    );
  });

  it('gives a cost row per round, with the mutants each killed', () => {
    expect(md).toContain(
      '| round | calls | tokens | cost | accepted | mutants killed | accepted per 1k tokens |',
    );
    expect(md).toContain('| tier 0 | 0 | 0 | $0.00 | 1 | 4 | - |');
    expect(md).toContain('| survivor round 1 | 2 | 4000 | $0.0020 | 1 | 2 | 0.25 |');
  });

  it('lists every survivor with its line, its change and its mark, and counts what was never made', () => {
    expect(md).toContain(
      "2 mutants of the targeted code survive every kept test and the repository's own suite: 1 untested behaviour, 1 possibly equivalent.",
    );
    expect(md).toContain(
      '| untested behaviour | src/numbers.ts:33 | ordinal | `last === 3` → `last !== 3` | no kept test runs this code. |',
    );
    expect(md).toContain(
      '| possibly equivalent | src/numbers.ts:34 | ordinal | `n % 100` → `n * 100` |',
    );
    expect(md).toContain(
      '3 mutants were never made, being equivalent by construction: edge-gives-same-branch 3.',
    );
    expect(renderReportMarkdown(aReport({ survivors: [] }))).toContain(
      '## Survivors\n\nEvery mutant of the targeted code is killed.',
    );
  });

  it('says how the dependencies were installed, and warns when no lock file fixed them', () => {
    expect(md).not.toContain('## Dependencies');
    const unlocked = renderReportMarkdown(
      aReport({
        dependencies: {
          status: 'installed',
          manager: 'npm',
          command: 'npm install --ignore-scripts',
          cached: false,
          installMs: 12_345,
          warning: 'the repository has no package-lock.json: versions may differ.',
        },
      }),
    );
    expect(unlocked).toContain(
      "## Dependencies\n\n- The repository's dependencies were installed with `npm install --ignore-scripts` in 12.3 s.\n- **Warning:** the repository has no package-lock.json: versions may differ.",
    );
  });

  it('names the skipped tiers and targets with their reasons', () => {
    expect(md).toContain('- tier model:big was skipped: connection refused');
    expect(md).toContain("- src/numbers.ts#median was skipped: the job's budget of $0.01 is spent");
  });

  it('counts the stated examples, and lists each skipped one with why', () => {
    const md = renderReportMarkdown(aReport());
    expect(md).toContain(
      'The docs show 4 calls with a result: 2 distinct tests state them, 2 skipped.',
    );
    expect(md).toContain('| not ours | 1 |');
    expect(md).toContain('| its stated result is prose, not a value | 1 |');
    expect(md).toContain(
      "- README.md:20 `format('x')`: not ours: format is no function of this repository",
    );
  });

  it('leaves out of the traceability table an accepted test that select dropped', () => {
    const dropped = renderReportMarkdown(
      aReport({ tests: [{ ...aReport().tests[0]!, selected: false }] }),
    );
    expect(dropped).toContain('- doc-1 (README.md:155): ordinal');
  });

  it('says so when there is no conflict, and keeps pipes out of table cells', () => {
    const clean = renderReportMarkdown(
      aReport({
        conflicts: [],
        tests: [{ ...aReport().tests[0]!, name: 'a | b' }],
      }),
    );
    expect(clean).toContain('None: the code does what every stated example says.');
    expect(clean).toContain('ordinal.test.ts > a \\| b |');
  });
});
