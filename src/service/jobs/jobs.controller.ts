import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { JobRecord } from './job-record';
import { JobsService, type ArtifactName } from './jobs.service';
import { ListJobsQuery, SubmitJobDto } from './submit-job.dto';

/** A job as clients see it: where its files sit on the server is the server's business. */
function publicView(record: JobRecord): Omit<JobRecord, 'outDir'> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => key !== 'outDir')) as Omit<
    JobRecord,
    'outDir'
  >;
}

/** /v1/jobs: submit, poll, list, cancel, and fetch what a job left. */
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(202)
  async submit(
    @Body() body: SubmitJobDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<{ id: string; state: string }> {
    const { record } = await this.jobs.submit(body, idempotencyKey || undefined);
    return { id: record.id, state: record.state };
  }

  @Get()
  async list(@Query() query: ListJobsQuery) {
    const { jobs, next } = await this.jobs.list(query);
    return { jobs: jobs.map(publicView), next };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return publicView(await this.jobs.get(id));
  }

  @Delete(':id')
  async cancel(@Param('id') id: string) {
    return publicView(await this.jobs.cancel(id));
  }

  @Get(':id/report')
  report(@Param('id') id: string, @Res() res: Response) {
    return this.send(id, 'report', res);
  }

  @Get(':id/report.md')
  reportMarkdown(@Param('id') id: string, @Res() res: Response) {
    return this.send(id, 'report.md', res);
  }

  @Get(':id/patch')
  patch(@Param('id') id: string, @Res() res: Response) {
    return this.send(id, 'patch', res);
  }

  private async send(id: string, name: ArtifactName, res: Response): Promise<void> {
    const { body, type } = await this.jobs.artifact(id, name);
    res.type(type).send(body);
  }
}
