import { recordPatch } from '../../src/service/jobs/generate.processor';

describe("what a progress event changes in the job's record", () => {
  it('moves the percent within the stage by done of total', () => {
    // verify is the sixth of nine stages: 5/9 done before it starts.
    expect(
      recordPatch({ type: 'progress', stage: 'verify', message: 'gate pass', done: 3, total: 6 }),
    ).toEqual({
      stage: 'verify',
      progress: Math.floor((5.5 / 9) * 100),
      step: { message: 'gate pass', done: 3, total: 6 },
    });
  });

  it('resets the step when a stage starts, and keeps a count it cannot use out of the percent', () => {
    expect(recordPatch({ type: 'stage-started', stage: 'plan', message: 'plan' })).toEqual({
      stage: 'plan',
      progress: 33,
      step: { message: 'plan', done: null, total: null },
    });
    expect(
      recordPatch({ type: 'progress', stage: 'plan', message: 'x', done: 9, total: 0 })?.progress,
    ).toBe(33);
    expect(
      recordPatch({ type: 'progress', stage: 'plan', message: 'x', done: 12, total: 4 })?.progress,
    ).toBe(44);
  });

  it('leaves the record alone for verdicts, rounds and logs', () => {
    expect(recordPatch({ type: 'log', stage: 'index', message: 'hi', level: 'info' })).toBeNull();
    expect(
      recordPatch({
        type: 'round',
        stage: 'generate',
        message: 'r',
        tier: 'examples',
        round: 1,
        targets: 2,
        spentUsd: 0,
      }),
    ).toBeNull();
  });
});
