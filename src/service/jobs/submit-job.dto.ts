import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DELIVER_OPTIONS,
  JOB_OPTIONS,
  type DeliverOptions,
  type JobOptions,
} from '../../core/job-options';
import { JobOption } from './job-option.decorator';
import { JOB_STATES, type JobState } from './job-record';

export class RepoDto {
  @ApiPropertyOptional({
    description:
      'a git URL: https, ssh, git or file (file only when the server allows local repositories)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  url?: string;

  @ApiPropertyOptional({
    description: 'a path on the server (only when the server allows local repositories)',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  path?: string;

  @ApiPropertyOptional({ description: 'branch, tag or commit to read' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w./@^~-]+$/, { message: 'ref must be a branch, tag or commit name' })
  ref?: string;
}

/** How the branch leaves (core/job-options.ts's DELIVER_OPTIONS). */
export class DeliverDto implements DeliverOptions {
  @JobOption(DELIVER_OPTIONS.push)
  push?: boolean;

  @JobOption(DELIVER_OPTIONS.pullRequest)
  pullRequest?: boolean;

  @JobOption(DELIVER_OPTIONS.commentOn)
  commentOn?: number;

  @JobOption(DELIVER_OPTIONS.branch)
  branch?: string;
}

/** A job's options: each field derived from core/job-options.ts, as `attest run`'s flags are. */
export class JobOptionsDto implements JobOptions {
  @JobOption(JOB_OPTIONS.targets)
  targets?: string[];

  @JobOption(JOB_OPTIONS.changedSince)
  changedSince?: string;

  @JobOption(JOB_OPTIONS.package)
  package?: string;

  @JobOption(JOB_OPTIONS.testsDir)
  testsDir?: string;

  @JobOption(JOB_OPTIONS.models)
  models?: string[];

  @JobOption(JOB_OPTIONS.budgetUsd)
  budgetUsd?: number;

  @JobOption(JOB_OPTIONS.targetBudgetUsd)
  targetBudgetUsd?: number;

  @JobOption(JOB_OPTIONS.repairRounds)
  repairRounds?: number;

  @JobOption(JOB_OPTIONS.maxRounds)
  maxRounds?: number;

  @ApiPropertyOptional({ type: () => DeliverDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverDto)
  deliver?: DeliverDto;
}

/** Every job option is a field of the DTO: one left out is a compile error that names it. */
type Missing<Dto, Options> = Exclude<keyof Options, keyof Dto>;
export const EVERY_JOB_OPTION: [
  Missing<JobOptionsDto, JobOptions>,
  Missing<DeliverDto, DeliverOptions>,
] extends [never, never]
  ? true
  : never = true;

/** The body of POST /v1/jobs. */
export class SubmitJobDto {
  @ApiProperty({ type: () => RepoDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => RepoDto)
  repo!: RepoDto;

  @ApiPropertyOptional({ type: () => JobOptionsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => JobOptionsDto)
  options?: JobOptionsDto;

  @ApiPropertyOptional({ description: 'called with the outcome when the job ends, signed' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  callbackUrl?: string;
}

/** The query of GET /v1/jobs. */
export class ListJobsQuery {
  @ApiPropertyOptional({ enum: JOB_STATES })
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, description: 'the next value of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  cursor?: number;
}
