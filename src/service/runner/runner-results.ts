import { z } from 'zod';
import type { DeliveryCheck, RunnerStep, VerifyResult } from '../../core/verification';
import { GATES } from '../../core/verdict';

/**
 * What a runner returns through the queue, checked before the pipeline reads it: another
 * process wrote it (another version of Attest, perhaps), and a result of the wrong shape must
 * fail the job with where it parts, never turn into a verdict. The check is of the shape the
 * pipeline reads; fields it does not read pass through.
 */
const count = z.number().int().nonnegative();

const verdict = z.looseObject({
  file: z.string(),
  name: z.string(),
  status: z.enum(['accepted', 'rejected', 'conflict']),
  gate: z.enum(GATES).nullable(),
  reasons: z.array(z.string()),
  assertionCount: count,
  killedMutants: z.array(z.looseObject({ id: count })),
  reachedMutants: z.array(count),
  durationMs: z.number().nonnegative(),
});

const mutant = z.looseObject({
  id: count,
  file: z.string(),
  line: count,
  mutator: z.string(),
  original: z.string(),
  replacement: z.string(),
});

const verifyResult = z.looseObject({
  verdicts: z.array(verdict),
  mutants: z.array(mutant),
  filteredMutants: z.array(z.looseObject({})),
  mutantRuns: z.record(z.string(), count),
  timings: z.record(z.string(), z.number().nonnegative()),
  dependencies: z.unknown(),
  suiteCache: z.enum(['hit', 'miss', 'off', 'none']),
  suite: z.looseObject({}).nullable(),
  containment: z.looseObject({ sandboxed: z.boolean(), how: z.string() }),
});

/** A coverage run's result: each file with its statements' lines and whether a test ran them. */
const coverageResult = z.array(
  z.tuple([z.string(), z.array(z.object({ line: count, covered: z.boolean() }))]),
);

const deliveryCheck = z.discriminatedUnion('status', [
  z.looseObject({
    status: z.literal('ran'),
    command: z.string(),
    passed: count,
    failed: z.array(z.looseObject({})),
  }),
  z.looseObject({ status: z.literal('skipped'), reason: z.string() }),
]);

export type CoverageJobResult = z.infer<typeof coverageResult>;

/** A step the runner reports while it works; a count is kept only when it makes sense. */
const runnerStep = z.object({
  message: z.string(),
  done: count.optional().catch(undefined),
  total: count.optional().catch(undefined),
});

/** A runner's step as Bull carried it, or null when it is none. */
export function readRunnerStep(value: unknown): RunnerStep | null {
  const parsed = runnerStep.safeParse(value);
  if (!parsed.success) return null;
  const { message, done, total } = parsed.data;
  return done !== undefined && total !== undefined && done <= total
    ? { message, done, total }
    : { message };
}

/** Thrown for a runner's result that is not of the shape the pipeline reads. */
export class RunnerResultInvalid extends Error {}

function read<T>(schema: z.ZodType, value: unknown, what: string, jobId: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as T;
  const issue = parsed.error.issues[0]!;
  const at = issue.path.length ? issue.path.join('.') : 'the result';
  throw new RunnerResultInvalid(
    `the runner's ${what} (job ${jobId}) is not one Attest can read: ${at}: ${issue.message}; ` +
      'run the same version of Attest in the worker and the runner.',
  );
}

export const readVerifyResult = (value: unknown, jobId: string) =>
  read<VerifyResult>(verifyResult, value, 'verdicts', jobId);

export const readCoverageResult = (value: unknown, jobId: string) =>
  read<CoverageJobResult>(coverageResult, value, 'coverage', jobId);

export const readDeliveryCheck = (value: unknown, jobId: string) =>
  read<DeliveryCheck>(deliveryCheck, value, 'delivery check', jobId);
