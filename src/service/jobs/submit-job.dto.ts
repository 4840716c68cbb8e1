import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export class DeliverDto {
  @ApiPropertyOptional({
    description: 'push the branch to the remote the job cloned from (default true)',
  })
  @IsOptional()
  @IsBoolean()
  push?: boolean;

  @ApiPropertyOptional({ description: 'open a pull request on GitHub (default true there)' })
  @IsOptional()
  @IsBoolean()
  pullRequest?: boolean;

  @ApiPropertyOptional({ description: 'the branch name on the remote (default attest/<job-id>)' })
  @IsOptional()
  @IsString()
  @Matches(/^[\w][\w./-]*$/, { message: 'branch must be a git branch name' })
  branch?: string;
}

export class JobOptionsDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'include globs or names; a leading ! excludes',
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  targets?: string[];

  @ApiPropertyOptional({
    description:
      "one package of a workspace, by its folder relative to the repository's root (packages/foo)",
  })
  @IsOptional()
  @IsString()
  @Matches(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w./@-]+$/, {
    message: 'package must be a folder inside the repository, such as packages/foo',
  })
  package?: string;

  @ApiPropertyOptional({ type: [String], description: 'names of models the server configures' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  models?: string[];

  @ApiPropertyOptional({ description: 'the job budget in US dollars' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  budgetUsd?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 20,
    description:
      "survivor rounds after the models' first pass: the models are asked for tests that kill the mutants the accepted tests leave alive (0: none; the server's ATTEST_MAX_ROUNDS by default)",
  })
  @IsOptional()
  @IsInt({ message: '$property must be a whole number of rounds, 0 to 20' })
  @Min(0, { message: '$property must be a whole number of rounds, 0 to 20' })
  @Max(20, { message: '$property must be a whole number of rounds, 0 to 20' })
  maxRounds?: number;

  @ApiPropertyOptional({ type: () => DeliverDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeliverDto)
  deliver?: DeliverDto;
}

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
