import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsOptional,
  Validate,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { z } from 'zod';
import { optionProblem, type JobOptionSpec } from '../../core/job-options';

/** Checks a body's field with its option's zod schema, and words the problem as the schema does. */
@ValidatorConstraint({ name: 'jobOption' })
class JobOptionConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    return optionProblem(schemaOf(args), value) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return `${args.property} ${optionProblem(schemaOf(args), args.value) ?? 'is not valid'}`;
  }
}

const schemaOf = (args: ValidationArguments) => (args.constraints[0] as JobOptionSpec).schema;

/** The OpenAPI schema of an option, from its zod schema (its type and its limits). */
function openApiOf(spec: JobOptionSpec): Record<string, unknown> {
  const schema = z.toJSONSchema(spec.schema) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/**
 * A field of the API's job options, derived from core/job-options.ts: its OpenAPI description
 * and its validation are the option's own, so the API and `attest run` accept the same values.
 */
export function JobOption(spec: JobOptionSpec): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `${spec.description} (\`${spec.flag}\` on attest run)`,
      ...openApiOf(spec),
    }),
    IsOptional(),
    Validate(JobOptionConstraint, [spec]),
  );
}
