import { TestMap } from '../../../src/core/test-map';
import type { CandidateRuns } from '../../../src/verify/candidate-runs';
import type { TestMutation } from '../../../src/verify/jest-run';
import { SuiteResults } from '../../../src/verify/mutation/suite-results';

/** A run of one file whose tests reached mutants and did what `outcomes` says. */
function runOf(file: string, tests: Record<string, TestMutation>): CandidateRuns {
  const mutation = new TestMap<TestMutation>();
  for (const [name, result] of Object.entries(tests)) mutation.set({ file, name }, result);
  const ran = Object.keys(tests).map((name) => ({
    file,
    name,
    status: 'passed' as const,
    failure: null,
    assertions: 1,
    durationMs: 1,
  }));
  return {
    byFile: new Map([[file, { status: 'ran', tests: ran }]]),
    mutation,
    loaded: new Map([[file, []]]),
    alone: true,
  };
}

describe(SuiteResults.name, () => {
  it('names the mutants a reused file reached but skipped, once no test kills them', () => {
    const known = new SuiteResults();
    // b.test.ts skipped 2 and 3: a.test.ts had noticed them first. a.test.ts has changed
    // since, and now notices 3 only.
    known.restore('b.test.ts', {
      engine: 'e',
      tests: [{ name: 'b', covered: [1, 2, 3], outcomes: [[1, 'survived']] }],
      loaded: [],
      failure: null,
      testCount: 1,
      staticTried: [],
    });
    known.absorb(
      runOf('a.test.ts', {
        a: {
          covered: [2, 3],
          outcomes: new Map([
            [2, 'survived'],
            [3, 'killed'],
          ]),
        },
      }),
    );
    expect(known.untried(new Set(['a.test.ts']))).toEqual(new Map([['b.test.ts', new Set([2])]]));
    known.absorbMore(
      runOf('b.test.ts', { b: { covered: [1, 2, 3], outcomes: new Map([[2, 'killed']]) } }),
    );
    expect([...known.killed()].sort()).toEqual([2, 3]);
    expect(known.untried(new Set(['a.test.ts']))).toEqual(new Map());
    // What the cache keeps of b.test.ts holds both runs' outcomes.
    expect(known.entry('b.test.ts', 'e').tests).toEqual([
      {
        name: 'b',
        covered: [1, 2, 3],
        outcomes: [
          [1, 'survived'],
          [2, 'killed'],
        ],
      },
    ]);
  });

  it('counts as the suite only files that ran a test or could not load', () => {
    const known = new SuiteResults();
    known.absorb({
      byFile: new Map([
        ['setup.ts', { status: 'ran', tests: [] }],
        ['broken.test.ts', { status: 'failed', reason: 'Cannot find module' }],
      ]),
      mutation: new TestMap(),
      loaded: new Map(),
      alone: false,
    });
    known.absorb(runOf('a.test.ts', { a: { covered: [], outcomes: new Map() } }));
    const files = ['a.test.ts', 'broken.test.ts', 'setup.ts'];
    expect(known.suiteFiles(files)).toEqual(['a.test.ts', 'broken.test.ts']);
    expect(known.unloadable(files)).toEqual([
      { file: 'broken.test.ts', reason: 'Cannot find module' },
    ]);
  });
});
