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
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { JobEventHub } from './job-events';
import { JobAccepted, JobList, JobView, ProblemView } from './job-views';
import type { EndState, JobRecord, JobState } from './job-record';
import type { StoredEvent } from './job-store';
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

function isEnded(state: JobState): state is EndState {
  return state !== 'queued' && state !== 'running';
}

const problem = { type: ProblemView, description: 'application/problem+json' };

/** /v1/jobs: submit, poll, list, cancel, and fetch what a job left. */
@Controller('v1/jobs')
@ApiExtraModels(ProblemView)
@ApiUnauthorizedResponse({ ...problem, description: 'no key, or a key the server does not know' })
@ApiTooManyRequestsResponse({ ...problem, description: "over the key's rate" })
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly hub: JobEventHub,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private viewer(header: string | undefined): Viewer {
    return viewerOf(this.config, header);
  }

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: JobAccepted, description: 'queued; Location says where to poll' })
  @ApiBadRequestResponse({ ...problem, description: 'a field at fault, named in `errors`' })
  @ApiHeader({
    // In lower case, as `@Headers` names it, so that the two merge into one optional header.
    name: 'idempotency-key',
    required: false,
    description: 'a retry with the same key returns the job the first submission made',
  })
  async submit(
    @Body() body: SubmitJobDto,
    @Res({ passthrough: true }) res: Response,
    @Headers('authorization') authorization: string | undefined,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<{ id: string; state: string }> {
    const { record } = await this.jobs.submit(
      body,
      this.viewer(authorization),
      idempotencyKey || undefined,
    );
    // Where to poll the job: RFC 9110 names Location for an accepted request's status.
    res.location(`/v1/jobs/${encodeURIComponent(record.id)}`);
    return { id: record.id, state: record.state };
  }

  @Get()
  @ApiOkResponse({ type: JobList, description: "the key's jobs, newest first" })
  @ApiBadRequestResponse(problem)
  async list(@Query() query: ListJobsQuery, @Headers('authorization') authorization?: string) {
    const { jobs, next } = await this.jobs.list(query, this.viewer(authorization));
    return { jobs: jobs.map(publicView), next };
  }

  @Get(':id')
  @ApiOkResponse({ type: JobView })
  @ApiNotFoundResponse(problem)
  async get(@Param('id') id: string, @Headers('authorization') authorization?: string) {
    return publicView(await this.jobs.get(id, this.viewer(authorization)));
  }

  @Delete(':id')
  @ApiOkResponse({ type: JobView, description: 'the job, cancelled or stopping' })
  @ApiNotFoundResponse(problem)
  async cancel(@Param('id') id: string, @Headers('authorization') authorization?: string) {
    return publicView(await this.jobs.cancel(id, this.viewer(authorization)));
  }

  /**
   * The job's events as Server-Sent Events: each with its stream id, its type as the event
   * name and the event as JSON data; `end` last, when the job has ended. A client that
   * reconnects with Last-Event-ID hears what it missed and nothing twice.
   */
  @Get(':id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description:
      'Server-Sent Events: `id` the event id, `event` its type (progress, stage-started, ' +
      'stage-ended, verdict, conflict, round, log, end), `data` the event as JSON',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse(problem)
  @ApiHeader({ name: 'last-event-id', required: false, description: 'resume after this event' })
  async events(
    @Param('id') id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
    @Headers('last-event-id') lastEventId?: string,
  ): Promise<void> {
    // A job that is not the key's is a 404 before the stream opens.
    const record = await this.jobs.get(id, this.viewer(authorization));
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    let done = false;
    let stop = () => {};
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(ping);
      stop();
      res.end();
    };
    req.on('close', finish);
    let ended = false;
    const write = (events: StoredEvent[]) => {
      for (const { id: eventId, event } of events) {
        res.write(`id: ${eventId}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
        if (event.type === 'end') ended = true;
      }
      if (ended) finish();
    };
    const after = /^\d+-\d+$/.test(lastEventId ?? '') ? lastEventId! : '0';
    try {
      stop = await this.hub.follow(id, after, write, finish);
    } catch (error) {
      res.write(`event: error\ndata: ${JSON.stringify({ message: String(error) })}\n\n`);
      return finish();
    }
    if (done) stop();
    // A job that ended before its stream kept events (or whose events expired) still ends.
    else if (!ended && isEnded(record.state))
      write([{ id: '0-0', event: { type: 'end', state: record.state, message: record.state } }]);
  }

  @Get(':id/report')
  @ApiOkResponse({
    description: 'report.json: traceability, verdicts, mutation score, cost',
    content: { 'application/json': { schema: { type: 'object' } } },
  })
  @ApiNotFoundResponse(problem)
  @ApiConflictResponse({ ...problem, description: 'the job has not completed' })
  report(
    @Param('id') id: string,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
  ) {
    return this.send(id, 'report', res, authorization);
  }

  @Get(':id/report.md')
  @ApiOkResponse({
    description: 'the report for a reviewer',
    content: { 'text/markdown': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse(problem)
  @ApiConflictResponse({ ...problem, description: 'the job has not completed' })
  reportMarkdown(
    @Param('id') id: string,
    @Res() res: Response,
    @Headers('authorization') authorization?: string,
  ) {
    return this.send(id, 'report.md', res, authorization);
  }

  @Get(':id/patch')
  @ApiOkResponse({
    description: 'the tests as a patch, for git apply',
    content: { 'text/x-diff': { schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse(problem)
  @ApiConflictResponse({ ...problem, description: 'the job has not completed' })
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
