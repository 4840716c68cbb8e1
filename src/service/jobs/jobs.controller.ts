import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import type { JobRecord } from './job-record';
import { JobsService, type ArtifactName } from './jobs.service';
import { ListJobsQuery, SubmitJobDto } from './submit-job.dto';
import { viewerOf, type Viewer } from '../auth/api-key.guard';
import type { ServiceConfig } from '../service-config';
import { SERVICE_CONFIG } from '../tokens';

/** A job as clients see it: where its files sit and whose key made it are the server's business. */
function publicView(record: JobRecord): Omit<JobRecord, 'outDir' | 'owner'> {
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => key !== 'outDir' && key !== 'owner'),
  ) as Omit<JobRecord, 'outDir' | 'owner'>;
}

/** /v1/jobs: submit, poll, list, cancel, and fetch what a job left. */
@Controller('v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private viewer(header: string | undefined): Viewer {
    return viewerOf(this.config, header);
  }

  @Post()
  @HttpCode(202)
  async submit(
    @Body() body: SubmitJobDto,
    @Headers('authorization') authorization: string | undefined,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<{ id: string; state: string }> {
    const { record } = await this.jobs.submit(
      body,
      this.viewer(authorization),
      idempotencyKey || undefined,
    );
    return { id: record.id, state: record.state };
  }

  @Get()
  async list(@Query() query: ListJobsQuery, @Headers('authorization') authorization?: string) {
    const { jobs, next } = await this.jobs.list(query, this.viewer(authorization));
    return { jobs: jobs.map(publicView), next };
  }

  @Get(':id')
  async get(@Param('id') id: string, @Headers('authorization') authorization?: string) {
    return publicView(await this.jobs.get(id, this.viewer(authorization)));
  }

  @Delete(':id')
  async cancel(@Param('id') id: string, @Headers('authorization') authorization?: string) {
    return publicView(await this.jobs.cancel(id, this.viewer(authorization)));
  }

  @Get(':id/report')
  report(
    @Param('id') id: string,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
  ) {
    return this.send(id, 'report', res, authorization);
  }

  @Get(':id/report.md')
  reportMarkdown(
    @Param('id') id: string,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
  ) {
    return this.send(id, 'report.md', res, authorization);
  }

  @Get(':id/patch')
  patch(
    @Param('id') id: string,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
  ) {
    return this.send(id, 'patch', res, authorization);
  }

  private async send(
    id: string,
    name: ArtifactName,
    res: Response,
    authorization: string | undefined,
  ): Promise<void> {
    const { body, type } = await this.jobs.artifact(id, name, this.viewer(authorization));
    res.type(type).send(body);
  }
}
