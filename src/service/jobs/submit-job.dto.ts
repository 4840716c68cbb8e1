import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { JOB_STATES, type JobState } from './job-record';

export class RepoDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  url?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  path?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w./@^~-]+$/, { message: 'ref must be a branch, tag or commit name' })
  ref?: string;
}

export class DeliverDto {
  @IsOptional()
  @IsBoolean()
  push?: boolean;

  @IsOptional()
  @IsBoolean()
  pullRequest?: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^[\w][\w./-]*$/, { message: 'branch must be a git branch name' })
  branch?: string;
}

export class JobOptionsDto {
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  targets?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[];

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  budgetUsd?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverDto)
  deliver?: DeliverDto;
}

/** The body of POST /v1/jobs. */
export class SubmitJobDto {
  @IsDefined()
  @ValidateNested()
  @Type(() => RepoDto)
  repo!: RepoDto;

  @IsOptional()
  @ValidateNested()
  @Type(() => JobOptionsDto)
  options?: JobOptionsDto;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  callbackUrl?: string;
}

/** The query of GET /v1/jobs. */
export class ListJobsQuery {
  @IsOptional()
  @IsIn(JOB_STATES)
  state?: JobState;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  cursor?: number;
}
