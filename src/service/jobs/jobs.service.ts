import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InjectQueue } from '@nestjs/bull';
import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  type OnModuleInit,
} from '@nestjs/common';
import type { Queue } from 'bull';
import type { AttestConfig } from '../../core/attest-config';
import { newJobId } from '../../pipeline/job-id';
import { InvalidRequest, type FieldProblem } from '../problem';
import type { ServiceConfig } from '../service-config';
import { ATTEST_CONFIG, GENERATE_QUEUE, JOB_STORE, SERVICE_CONFIG } from '../tokens';
import { queuedJob, type JobRecord, type JobRequestRecord } from './job-record';
import { callBack, endJob } from './end-job';
import type { JobStore } from './job-store';
import type { ListJobsQuery, SubmitJobDto } from './submit-job.dto';
import { unsafeUrlReason } from './url-safety';
import type { Viewer } from '../auth/api-key.guard';

export const ARTIFACTS = {
  report: { file: 'report.json', type: 'application/json' },
  'report.md': { file: 'report.md', type: 'text/markdown; charset=utf-8' },
  patch: { file: 'tests.patch', type: 'text/x-diff; charset=utf-8' },
} as const;
export type ArtifactName = keyof typeof ARTIFACTS;

/** What the API does with jobs: it records and enqueues them; workers run them. */
@Injectable()
export class JobsService implements OnModuleInit {
  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @InjectQueue(GENERATE_QUEUE) private readonly queue: Queue<{ id: string }>,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
    @Inject(ATTEST_CONFIG) private readonly attest: AttestConfig,
  ) {}

  /**
   * Queues every stored job that is still queued: a crash between storing a job and queueing it
   * leaves a job that would never run. Bull's job id is the job's, so a job already queued is
   * not queued twice.
   */
  async onModuleInit(): Promise<void> {
    for (const id of await this.store.queuedIds()) await this.enqueue(id);
  }

  private enqueue(id: string): Promise<unknown> {
    // A job handed back by a stopping worker fails its Bull attempt and is retried: a few
    // restarts in a row never lose it. The job's own failures are recorded, never thrown.
    return this.queue.add({ id }, { jobId: id, removeOnComplete: true, attempts: 5 });
  }

  async submit(
    body: SubmitJobDto,
    viewer: Viewer,
    idempotencyKey?: string,
  ): Promise<{ record: JobRecord; created: boolean }> {
    const request = this.checked(body);
    await this.refuseUnsafeUrls(request);
    const { record, created } = await this.store.create(
      queuedJob(newJobId(), viewer.owner, request),
      idempotencyKey,
    );
    // Bull's job id is ours: enqueueing the same job twice adds it once. A retry of a job that
    // is still queued queues it again, in case the first request died between store and queue.
    if (created || record.state === 'queued') await this.enqueue(record.id);
    return { record, created };
  }

  /** A job the viewer may see: its own, or any for an admin key; another tenant's is not there. */
  async get(id: string, viewer: Viewer): Promise<JobRecord> {
    const record = await this.store.get(id);
    if (!record || (!viewer.admin && record.owner !== viewer.owner))
      throw new NotFoundException(`no job ${id}`);
    return record;
  }

  list(query: ListJobsQuery, viewer: Viewer): ReturnType<JobStore['list']> {
    return this.store.list({
      state: query.state,
      limit: query.limit ?? 20,
      cursor: query.cursor ?? 0,
      ...(viewer.admin ? {} : { owner: viewer.owner }),
    });
  }

  /** A queued job leaves the queue at once; a running one stops at its next stage. */
  async cancel(id: string, viewer: Viewer): Promise<JobRecord> {
    const record = await this.get(id, viewer);
    if (record.state === 'completed' || record.state === 'failed' || record.state === 'cancelled')
      throw new ConflictException(`job ${id} has already ended (${record.state})`);
    await this.store.requestCancel(id);
    if (record.state === 'queued') {
      const job = await this.queue.getJob(id);
      // A worker that took the job meanwhile sees the request at its next stage.
      if (job && (await job.getState()) !== 'active') {
        await job.remove();
        await endJob(this.store, id, { state: 'cancelled' });
        // The client hears of it as of any other end, without waiting for its callback here.
        void callBack(this.store, this.service, id);
      }
    }
    return this.get(id, viewer);
  }

  async artifact(
    id: string,
    name: ArtifactName,
    viewer: Viewer,
  ): Promise<{ body: string; type: string }> {
    const record = await this.get(id, viewer);
    if (record.state !== 'completed' || !record.outDir)
      throw new ConflictException(`job ${id} has no ${name} yet: it is ${record.state}`);
    const { file, type } = ARTIFACTS[name];
    try {
      return { body: await fs.readFile(path.join(record.outDir, file), 'utf8'), type };
    } catch {
      throw new NotFoundException(`the ${name} of job ${id} is gone from the data directory`);
    }
  }

  private async refuseUnsafeUrls(request: JobRequestRecord): Promise<void> {
    const urls: [string, string][] = [];
    if (request.repo.url && !/^file:/i.test(request.repo.url))
      urls.push(['repo.url', request.repo.url]);
    if (request.callbackUrl) urls.push(['callbackUrl', request.callbackUrl]);
    const reasons = await Promise.all(
      urls.map(async ([field, url]) => ({
        field,
        message: await unsafeUrlReason(field, url, this.service.allowPrivateUrls),
      })),
    );
    const refused = reasons.filter((r): r is FieldProblem => r.message !== null);
    if (refused.length) throw new InvalidRequest(refused);
  }

  /** Checks what validation cannot: one repository source, local ones only when allowed, known models. */
  private checked(body: SubmitJobDto): JobRequestRecord {
    const { url, path: local, ref } = body.repo;
    const refuse = (field: string, message: string) => new InvalidRequest([{ field, message }]);
    if (!url === !local) throw refuse('repo', 'repo must give either url or path');
    const isLocal = Boolean(local) || /^file:/i.test(url ?? '');
    if (isLocal && !this.service.allowLocalRepos)
      throw refuse(
        local ? 'repo.path' : 'repo.url',
        'repo: local paths and file:// URLs are refused; the server allows them with ATTEST_ALLOW_LOCAL_REPOS=1',
      );
    if (url && !/^(https?|ssh|git|file):\/\//i.test(url))
      throw refuse('repo.url', 'repo.url must be an https, ssh, git or file URL');
    const known = new Set(this.attest.models.map((m) => m.spec.name));
    const unknown = (body.options?.models ?? []).filter((m) => !known.has(m));
    if (unknown.length)
      throw refuse(
        'options.models',
        `options.models names ${unknown.join(', ')}, which the server does not configure (it has: ${[...known].join(', ') || 'none'})`,
      );
    const budget = body.options?.budgetUsd;
    if (budget !== undefined && budget > this.attest.budgetUsd)
      throw refuse(
        'options.budgetUsd',
        `options.budgetUsd is ${budget}, above the server's budget of $${this.attest.budgetUsd} a job (ATTEST_BUDGET_USD): a job may lower it, never raise it`,
      );
    return {
      repo: { ...(url ? { url } : { path: local }), ...(ref ? { ref } : {}) },
      options: { ...body.options },
      ...(body.callbackUrl ? { callbackUrl: body.callbackUrl } : {}),
    };
  }
}
