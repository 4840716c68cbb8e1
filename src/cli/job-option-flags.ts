import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  DELIVER_OPTIONS,
  JOB_OPTIONS,
  optionProblem,
  type DeliverOptions,
  type JobOptionSpec,
  type JobOptions,
} from '../core/job-options';
import { commaList } from './arguments';

const NOT_A_NUMBER = {
  count: (value: string) => `"${value}" is not a number: give a whole number, such as 2.`,
  dollars: (value: string) =>
    `"${value}" is not an amount: give a number of US dollars, 0 or more, such as 0.50.`,
};

/** A flag's value as its kind reads it: a number, a comma-separated list, or the text. */
function read(spec: JobOptionSpec, value: string): unknown {
  if (spec.kind === 'list') return commaList(value);
  if (spec.kind !== 'count' && spec.kind !== 'dollars') return value;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new InvalidArgumentError(NOT_A_NUMBER[spec.kind](value));
  return n;
}

/** The commander option of a job option: parsed and checked by the option's own schema. */
function flagOf(spec: JobOptionSpec): Option {
  const option = new Option(spec.flag, spec.description);
  if (spec.kind === 'switch') return option;
  return option.argParser((value: string) => {
    const parsed = read(spec, value);
    const problem = optionProblem(spec.schema, parsed);
    if (problem) throw new InvalidArgumentError(`it ${problem}.`);
    return parsed;
  });
}

const flags = Object.entries(JOB_OPTIONS).map(([name, spec]) => [name, flagOf(spec)] as const);
const deliverFlags = Object.entries(DELIVER_OPTIONS).map(
  ([name, spec]) => [name, flagOf(spec)] as const,
);

/** Adds every job option to `attest run`, with the API's names' limits. */
export function addJobOptionFlags(command: Command): Command {
  for (const [, option] of [...flags, ...deliverFlags]) command.addOption(option);
  return command;
}

/** The job options that commander parsed, by their API names (`--model` is `models`). */
export function jobOptionsFromFlags(parsed: Record<string, unknown>): JobOptions {
  const pick = (list: (readonly [string, Option])[]) =>
    Object.fromEntries(
      list.flatMap(([name, option]) => {
        const value = parsed[option.attributeName()];
        return value === undefined ? [] : [[name, value]];
      }),
    );
  const deliver = pick(deliverFlags) as DeliverOptions;
  return {
    ...(pick(flags) as JobOptions),
    ...(Object.keys(deliver).length ? { deliver } : {}),
  };
}
