import {
  jsonOn,
  jsonReportOutcomes,
  mochaOutcomes,
  tapOutcomes,
} from '../../src/verify/delivery-outcomes';

const ROOT = '/work/repo';

describe(jsonReportOutcomes.name, () => {
  it('counts the passed tests and names each failure and each file that did not load', () => {
    const report = {
      testResults: [
        {
          name: `${ROOT}/test/a.test.ts`,
          assertionResults: [
            { ancestorTitles: ['sum'], title: 'adds', status: 'passed' },
            {
              ancestorTitles: ['sum'],
              title: 'carries',
              status: 'failed',
              failureMessages: ['Error: expect(received).toBe(expected)\n    at x (a.ts:1:1)'],
            },
            { ancestorTitles: [], title: 'later', status: 'pending' },
          ],
        },
        { name: `${ROOT}/test/b.test.ts`, message: 'Cannot find module ./b', assertionResults: [] },
      ],
    };
    expect(jsonReportOutcomes(JSON.stringify(report), ROOT)).toEqual({
      passed: 1,
      failed: [
        {
          file: 'test/a.test.ts',
          name: 'sum > carries',
          reason: 'Error: expect(received).toBe(expected)',
        },
        { file: 'test/b.test.ts', name: '(file)', reason: 'Cannot find module ./b' },
      ],
    });
  });
});

describe(mochaOutcomes.name, () => {
  it('counts only the delivered files, which mocha mixes with those its config names', () => {
    const report = {
      passes: [
        { file: `${ROOT}/test/ours.spec.js`, fullTitle: 'ours works' },
        { file: `${ROOT}/test/theirs.spec.js`, fullTitle: 'theirs works' },
      ],
      failures: [
        {
          file: `${ROOT}/test/ours.spec.js`,
          fullTitle: 'ours breaks',
          err: { message: 'expected 1 to equal 2' },
        },
        { file: `${ROOT}/test/theirs.spec.js`, fullTitle: 'theirs breaks', err: { message: 'no' } },
      ],
    };
    expect(mochaOutcomes(JSON.stringify(report), ROOT, new Set(['test/ours.spec.js']))).toEqual({
      passed: 1,
      failed: [{ file: 'test/ours.spec.js', name: 'ours breaks', reason: 'expected 1 to equal 2' }],
    });
  });
});

describe(tapOutcomes.name, () => {
  it('reads tests inside suites by their full names, and skips the suites themselves', () => {
    const tap = [
      'TAP version 13',
      '# Subtest: sum',
      '    # Subtest: adds',
      '    ok 1 - adds',
      '      ---',
      '      duration_ms: 0.5',
      '      ...',
      '    # Subtest: carries',
      '    not ok 2 - carries',
      '      ---',
      `      location: '${ROOT}/test/sum.test.js:4:3'`,
      "      failureType: 'testCodeFailure'",
      '      error: |-',
      '        Expected values to be strictly equal:',
      '        1 !== 2',
      '      ...',
      'not ok 1 - sum',
      '  ---',
      "  type: 'suite'",
      '  ...',
      '1..1',
    ].join('\n');
    expect(tapOutcomes(tap, ROOT)).toEqual({
      passed: 1,
      failed: [
        {
          file: 'test/sum.test.js',
          name: 'sum > carries',
          reason: 'Expected values to be strictly equal: 1 !== 2',
        },
      ],
    });
  });
});

describe(jsonOn.name, () => {
  it.each([
    ['a report after a banner', 'mocha v10\n{"passes":[]}\n', '{"passes":[]}'],
    ['no object', 'nothing to report', null],
    ['braces that are not JSON', 'a {b} c', null],
  ])('finds the JSON object in %s', (_what, stdout, found) => {
    expect(jsonOn(stdout)).toBe(found);
  });
});
