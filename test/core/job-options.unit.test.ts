import { DELIVER_OPTIONS, JOB_OPTIONS, jobOptionsSchema } from '../../src/core/job-options';
import { jobOptionsFromFlags } from '../../src/cli/job-option-flags';
import { requestOf } from '../../src/pipeline/run-job';

describe('one schema of job options', () => {
  it('reads the flags of attest run by the API names, with their kinds', () => {
    expect(
      jobOptionsFromFlags({
        targets: ['src/**'],
        model: ['cheap'],
        testsDir: 'spec/attest',
        repairRounds: 0,
        pullRequest: true,
        json: true,
      }),
    ).toEqual({
      targets: ['src/**'],
      models: ['cheap'],
      testsDir: 'spec/attest',
      repairRounds: 0,
      deliver: { pullRequest: true },
    });
  });

  it('gives the pipeline what the options ask, under its own names, and nothing unasked', () => {
    expect(requestOf({ testsDir: 'spec/attest', maxRounds: 0 })).toEqual({
      testDir: 'spec/attest',
      maxRounds: 0,
    });
  });

  it('accepts what each flag documents and refuses an unknown option by name', () => {
    expect(Object.keys(jobOptionsSchema.shape)).toEqual([...Object.keys(JOB_OPTIONS), 'deliver']);
    expect(Object.values({ ...JOB_OPTIONS, ...DELIVER_OPTIONS }).map((s) => s.flag)).toEqual([
      '--targets <patterns>',
      '--changed-since <ref>',
      '--package <dir>',
      '--tests-dir <dir>',
      '--model <names>',
      '--budget-usd <n>',
      '--target-budget-usd <n>',
      '--repair-rounds <n>',
      '--max-rounds <n>',
      '--push',
      '--pull-request',
      '--comment-on <number>',
      '--branch <name>',
    ]);
    const refused = jobOptionsSchema.safeParse({ maxRounds: 21, colour: 'red' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['maxRounds', 'must be a whole number of rounds, 0 to 20'],
      ['', 'Unrecognized key: "colour"'],
    ]);
  });
});
