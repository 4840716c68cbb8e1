import Queue from 'bull';
import type { VerifyRequest } from '../../src/core/verification';
import { CHECK_JOB, COVERAGE_JOB, queuedRunner } from '../../src/service/runner/verify-queue';
import { bullPrefix } from '../../src/service/tokens';
import { startTestRedis, type TestRedis } from '../helpers/redis';

/** A runner's result as a runner of this version returns it: one accepted test, one mutant. */
const goodResult = {
  verdicts: [
    {
      target: 'src/index.js#double',
      file: 'test/a.test.js',
      name: 'double > doubles',
      status: 'accepted',
      gate: null,
      reasons: [],
      assertionCount: 1,
      killedMutants: [
        {
          by: 'assertion',
          id: 0,
          file: 'src/index.js',
          line: 2,
          mutator: 'arith',
          replacement: '/',
        },
      ],
      reachedMutants: [0],
      durationMs: 3,
    },
  ],
  mutants: [
    { id: 0, file: 'src/index.js', line: 2, mutator: 'arith', original: '*', replacement: '/' },
  ],
  filteredMutants: [],
  mutantRuns: { killed: 1, survived: 0 },
  timings: { static: 1, compile: 2 },
  dependencies: { kind: 'installed' },
  suiteCache: 'off',
  suite: null,
  containment: { sandboxed: true, how: 'bubblewrap' },
};

/** The runner queue on real Redis, with a stand-in runner that answers what a test tells it. */
describe("a runner's result, read from the queue", () => {
  let redis: TestRedis;
  let queue: Queue.Queue;
  let answer: unknown;

  beforeAll(async () => {
    redis = await startTestRedis(6);
    queue = new Queue('attest-verify', redis.url, { prefix: bullPrefix(redis.prefix) });
    for (const name of ['__default__', COVERAGE_JOB, CHECK_JOB])
      void queue.process(name, () => Promise.resolve(answer));
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await redis.stop();
  });

  const request = { root: '/nowhere', candidates: [] } as unknown as VerifyRequest;

  it('passes a result of the shape the pipeline reads, fields it does not read included', async () => {
    answer = { ...goodResult, extra: 'from a newer runner' };
    const result = await queuedRunner(queue).verify(request);
    expect(result.verdicts[0]).toMatchObject({ status: 'accepted', killedMutants: [{ id: 0 }] });
    expect(result).toHaveProperty('extra', 'from a newer runner');
  });

  it.each([
    ['verdicts that are not a list', { ...goodResult, verdicts: 'none' }, /verdicts: /],
    [
      'a verdict with a status no gate gives',
      { ...goodResult, verdicts: [{ ...goodResult.verdicts[0], status: 'passed' }] },
      /verdicts\.0\.status: /,
    ],
    [
      'a mutant without its line',
      { ...goodResult, mutants: [{ ...goodResult.mutants[0], line: undefined }] },
      /mutants\.0\.line: /,
    ],
    ['nothing at all', null, /the result: /],
  ])('fails the job on %s, saying where', async (_what, bad, where) => {
    answer = bad;
    const failed = queuedRunner(queue).verify(request);
    await expect(failed).rejects.toThrow(
      /^the runner's verdicts \(job \d+\) is not one Attest can read: /,
    );
    await expect(failed).rejects.toThrow(where);
  });

  it('checks coverage and delivery checks the same way', async () => {
    answer = [['src/index.js', [{ line: 2, covered: true }]]];
    const coverage = await queuedRunner(queue).measure({
      root: '/nowhere',
      tests: new Map(),
    } as never);
    expect([...coverage.entries()]).toEqual([['src/index.js', [{ line: 2, covered: true }]]]);
    answer = [['src/index.js', [{ line: 'two', covered: true }]]];
    await expect(
      queuedRunner(queue).measure({ root: '/nowhere', tests: new Map() } as never),
    ).rejects.toThrow(/coverage .* 0\.1\.0\.line: /);
    answer = { status: 'ran', command: 'npm test', passed: 2, failed: [] };
    expect(await queuedRunner(queue).check({ tests: new Map() } as never)).toMatchObject({
      passed: 2,
    });
    answer = { status: 'maybe' };
    await expect(queuedRunner(queue).check({ tests: new Map() } as never)).rejects.toThrow(
      /delivery check .*status: /,
    );
  });
});
