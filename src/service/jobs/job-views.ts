import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAGES } from '../../pipeline/progress';
import { JOB_STATES } from './job-record';

/**
 * The API's answers as OpenAPI schemas, for /docs and for clients generated from it. They
 * describe the JSON the controller returns (`JobRecord` without its owner and output folder);
 * nothing here is instantiated.
 */

export class JobAccepted {
  @ApiProperty({ example: '20261125-120102-3f9a1c' })
  id!: string;
  @ApiProperty({ enum: JOB_STATES, example: 'queued' })
  state!: string;
}

export class JobStep {
  @ApiProperty({ example: 'gate mutation: 14 tests standing' })
  message!: string;
  @ApiProperty({ type: Number, nullable: true, example: 5 })
  done!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 7 })
  total!: number | null;
}

/** As in report.json: each field null until the job has it. */
export class JobDelivery {
  @ApiProperty({ type: String, nullable: true, description: 'the repository with the branch' })
  repository!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the branch with the tests' })
  branch!: string | null;
  @ApiProperty({ type: String, nullable: true })
  commit!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the patch file' })
  patch!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the remote the branch went to' })
  pushedTo!: string | null;
  @ApiProperty({ type: String, nullable: true })
  remoteBranch!: string | null;
  @ApiProperty({ type: String, nullable: true })
  pullRequestUrl!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the comment with the findings on the pull request asked for',
  })
  commentUrl!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'why a push or pull request did not happen',
  })
  note!: string | null;
}

export class JobSummaryView {
  @ApiProperty({ description: 'tests that passed every gate' })
  accepted!: number;
  @ApiProperty({ description: 'stated examples the code contradicts' })
  conflicts!: number;
  @ApiProperty()
  costUsd!: number;
  @ApiProperty({ type: JobDelivery })
  delivery!: JobDelivery;
}

export class JobView {
  @ApiProperty({ example: '20261125-120102-3f9a1c' })
  id!: string;
  @ApiProperty({ enum: JOB_STATES })
  state!: string;
  @ApiProperty({ enum: STAGES, nullable: true })
  stage!: string | null;
  @ApiProperty({ minimum: 0, maximum: 100 })
  progress!: number;
  @ApiProperty({ type: JobStep, nullable: true })
  step!: JobStep | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt!: string | null;
  @ApiProperty({ description: 'what was submitted: repo, options, callbackUrl' })
  request!: object;
  @ApiProperty({ type: JobSummaryView, nullable: true })
  summary!: JobSummaryView | null;
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
  @ApiProperty({ description: 'how many times a worker took the job up' })
  attempts!: number;
  @ApiPropertyOptional({ description: 'how the callback went, once the job ended' })
  callback?: object;
}

export class JobList {
  @ApiProperty({ type: [JobView] })
  jobs!: JobView[];
  @ApiProperty({ type: String, nullable: true, description: 'the cursor of the next page' })
  next!: string | null;
}

export class FieldProblemView {
  @ApiProperty({ example: 'options.budgetUsd' })
  field!: string;
  @ApiProperty({ example: 'options.budgetUsd must not be less than 0' })
  message!: string;
}

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export class ProblemView {
  @ApiProperty({ example: 'about:blank' })
  type!: string;
  @ApiProperty({ example: 'Bad Request' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiProperty({ description: 'what went wrong and how to fix it' })
  detail!: string;
  @ApiProperty({ example: '/v1/jobs' })
  instance!: string;
  @ApiPropertyOptional({ type: [FieldProblemView], description: 'one per field at fault' })
  errors?: FieldProblemView[];
}
