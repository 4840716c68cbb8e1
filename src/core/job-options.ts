import { z } from 'zod';

/**
 * The options of a job, once: each with its schema (what it accepts, and its limits), its
 * words, and its flag on `attest run`. The CLI's flags, the API's `options` (its validation and
 * its OpenAPI schema), the stored job record and the pipeline's request all derive from this
 * table, so an option and its limits are the same wherever a job is asked for. Messages are
 * predicates; each face puts its own subject before them (`options.maxRounds`, `--max-rounds`).
 */

/** A folder inside the repository, given from its root: no absolute path, no `..`. */
const INSIDE = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w./@-]+$/;

const rounds = (most: number) =>
  z
    .int({ error: `must be a whole number of rounds, 0 to ${most}` })
    .min(0, { error: `must be a whole number of rounds, 0 to ${most}` })
    .max(most, { error: `must be a whole number of rounds, 0 to ${most}` });

const dollars = z
  .number({ error: 'must be a number of US dollars' })
  .min(0, { error: 'must not be less than 0' });

const names = (what: string) =>
  z
    .array(
      z.string({ error: `must be a list of ${what}` }).min(1, { error: `holds an empty ${what}` }),
      {
        error: `must be a list of ${what}`,
      },
    )
    .max(200, { error: `must name at most 200 ${what}` });

/** How an option is given on `attest run`: a value, a count, dollars, a comma-separated list, or a switch. */
export type FlagKind = 'value' | 'count' | 'dollars' | 'list' | 'switch';

export interface JobOptionSpec {
  schema: z.ZodType;
  /** The flag of `attest run`, in commander's words (`--max-rounds <n>`). */
  flag: string;
  kind: FlagKind;
  description: string;
}

const spec = <S extends z.ZodType>(
  schema: S,
  flag: string,
  kind: FlagKind,
  description: string,
) => ({ schema, flag, kind, description });

export const JOB_OPTIONS = {
  targets: spec(
    names('targets'),
    '--targets <patterns>',
    'list',
    'include globs or names, and !exclude ones',
  ),
  changedSince: spec(
    z
      .string({ error: 'must be a branch, tag or commit name' })
      .regex(/^[\w./@^~-]+$/, { error: 'must be a branch, tag or commit name' }),
    '--changed-since <ref>',
    'value',
    'a diff job: target only the functions and classes whose code, JSDoc or stated examples changed since this ref',
  ),
  package: spec(
    z
      .string({ error: 'must be a folder' })
      .regex(INSIDE, { error: 'must be a folder inside the repository, such as packages/foo' }),
    '--package <dir>',
    'value',
    "one package of a workspace, by its folder from the repository's root (packages/foo)",
  ),
  testsDir: spec(
    z
      .string({ error: 'must be a folder' })
      .regex(INSIDE, { error: 'must be a folder inside the repository, such as test/attest' }),
    '--tests-dir <dir>',
    'value',
    'where the tests go (default: after the repository, test/attest)',
  ),
  models: spec(
    names('model names'),
    '--model <names>',
    'list',
    'use only these configured models (by name)',
  ),
  budgetUsd: spec(
    dollars,
    '--budget-usd <n>',
    'dollars',
    "the job's budget in US dollars (default ATTEST_BUDGET_USD, which also caps a service job's)",
  ),
  targetBudgetUsd: spec(
    dollars,
    '--target-budget-usd <n>',
    'dollars',
    "each target's cap in US dollars",
  ),
  repairRounds: spec(
    rounds(5),
    '--repair-rounds <n>',
    'count',
    'repair rounds per model tier: a failed candidate goes back with its reason (default 1)',
  ),
  maxRounds: spec(
    rounds(20),
    '--max-rounds <n>',
    'count',
    'survivor rounds: the models are asked for tests that kill the mutants the accepted tests leave alive; 0 for none (ATTEST_MAX_ROUNDS, default 3)',
  ),
} satisfies Record<string, JobOptionSpec>;

/** How a job's branch leaves: pushed, as a pull request, and under which name. */
export const DELIVER_OPTIONS = {
  push: spec(
    z.boolean({ error: 'must be true or false' }),
    '--push',
    'switch',
    "push the branch to the repository's remote (the URL it was cloned from, or origin)",
  ),
  pullRequest: spec(
    z.boolean({ error: 'must be true or false' }),
    '--pull-request',
    'switch',
    'open a pull request for the pushed branch on GitHub (ATTEST_GIT_TOKEN); implies --push',
  ),
  commentOn: spec(
    z
      .int({ error: 'must be the number of a pull request' })
      .min(1, { error: 'must be the number of a pull request' }),
    '--comment-on <number>',
    'count',
    "comment the job's findings on this pull request, one comment updated in place by later jobs",
  ),
  branch: spec(
    z
      .string({ error: 'must be a git branch name' })
      .regex(/^[\w][\w./-]*$/, { error: 'must be a git branch name' }),
    '--branch <name>',
    'value',
    'the name of the branch on the remote (default attest/<job-id>)',
  ),
} satisfies Record<string, JobOptionSpec>;

type Optional<T extends Record<string, { schema: z.ZodType }>> = {
  [K in keyof T]: z.ZodOptional<T[K]['schema']>;
};

const optional = <T extends Record<string, { schema: z.ZodType }>>(specs: T): Optional<T> =>
  Object.fromEntries(
    Object.entries(specs).map(([name, s]) => [name, s.schema.optional()]),
  ) as Optional<T>;

export const deliverOptionsSchema = z.strictObject(optional(DELIVER_OPTIONS));

/** A job's options, as the API takes them, the record keeps them and the pipeline reads them. */
export const jobOptionsSchema = z.strictObject({
  ...optional(JOB_OPTIONS),
  deliver: deliverOptionsSchema.optional(),
});

export type JobOptions = z.infer<typeof jobOptionsSchema>;
export type DeliverOptions = z.infer<typeof deliverOptionsSchema>;

/** Why `value` is not a valid `schema`, in the schema's words; null when it is. */
export function optionProblem(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'is not valid');
}
