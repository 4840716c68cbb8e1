import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
  UnauthorizedException,
  type RawBodyRequest,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { viewerOf } from '../auth/api-key.guard';
import { Public } from '../auth/public';
import type { ServiceConfig } from '../service-config';
import { SERVICE_CONFIG } from '../tokens';
import { JobsService } from './jobs.service';
import type { SubmitJobDto } from './submit-job.dto';

/** The pull request events that change what a pull request would merge. */
const ACTIONS = new Set(['opened', 'synchronize', 'reopened']);

interface PullRequestEvent {
  action?: string;
  repository?: { full_name?: string };
  pull_request?: {
    number?: number;
    base?: { sha?: string };
    head?: { ref?: string; repo?: { clone_url?: string } | null };
  };
}

/** `owner/name` against an operator's pattern: the same name, or `owner/*`. */
const allows = (pattern: string, name: string) =>
  pattern.toLowerCase() === name.toLowerCase() ||
  (pattern.endsWith('/*') && name.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()));

/**
 * POST /v1/hooks/github: GitHub's webhook. A `pull_request` event (opened, synchronize,
 * reopened) of a repository the operator allows queues a diff job of the pull request's head
 * against its base, under the operator's key; its tests go to a pull request into the head
 * branch. Signed with X-Hub-Signature-256 (401 otherwise); a delivery GitHub sends again
 * (X-GitHub-Delivery) queues nothing new.
 */
@Controller('v1/hooks')
@Public()
@ApiExcludeController()
export class GithubWebhookController {
  constructor(
    private readonly jobs: JobsService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Post('github')
  @HttpCode(202)
  async receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-github-event') event: string | undefined,
    @Headers('x-github-delivery') delivery: string | undefined,
    @Headers('x-hub-signature-256') signature: string | undefined,
  ): Promise<{ id: string; state: string } | { ignored: string }> {
    const hook = this.config.githubWebhook;
    if (!hook)
      throw new NotFoundException(
        'this server takes no GitHub webhook: set ATTEST_GITHUB_WEBHOOK_SECRET, _REPOS and _KEY',
      );
    if (!signed(hook.secret, req.rawBody, signature))
      throw new UnauthorizedException(
        'the X-Hub-Signature-256 of this delivery does not match the webhook secret (ATTEST_GITHUB_WEBHOOK_SECRET)',
      );
    const payload = eventOf(req.body);
    if (event !== 'pull_request') return { ignored: `a ${event ?? 'nameless'} event` };
    if (!ACTIONS.has(payload.action ?? '')) return { ignored: `pull request ${payload.action}` };
    const name = payload.repository?.full_name ?? '';
    if (!hook.repositories.some((pattern) => allows(pattern, name)))
      throw new ForbiddenException(
        `the repository ${name || '(unnamed)'} is not one this server takes pull requests of (ATTEST_GITHUB_WEBHOOK_REPOS)`,
      );
    const pull = payload.pull_request;
    const url = pull?.head?.repo?.clone_url;
    if (!pull?.base?.sha || !pull.head?.ref || !url)
      return { ignored: 'a pull request without its base commit, head branch or head repository' };
    const body: SubmitJobDto = {
      repo: { url, ref: pull.head.ref },
      options: {
        changedSince: pull.base.sha,
        // One branch per pull request, replaced by each push's job: its pull request stays one.
        deliver: {
          push: true,
          pullRequest: true,
          ...(pull.number ? { commentOn: pull.number, branch: `attest/pr-${pull.number}` } : {}),
        },
      },
    };
    const { record } = await this.jobs.submit(
      body,
      viewerOf(this.config, `Bearer ${hook.key}`),
      delivery ? `github-delivery:${delivery}` : undefined,
    );
    return { id: record.id, state: record.state };
  }
}

/**
 * The event: the body as GitHub sends it with content type application/json, or its `payload`
 * field with application/x-www-form-urlencoded (the webhook form's other choice).
 */
function eventOf(body: unknown): PullRequestEvent {
  const form = body as { payload?: unknown } | undefined;
  if (typeof form?.payload !== 'string') return body ?? {};
  try {
    return JSON.parse(form.payload) as PullRequestEvent;
  } catch {
    throw new BadRequestException('the form field payload is not JSON: GitHub sends it as JSON');
  }
}

/** GitHub's HMAC-SHA256 of the raw body, compared in constant time. */
function signed(secret: string, body: Buffer | undefined, header: string | undefined): boolean {
  if (!body || !header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
