import { Git } from '../acquire/git';
import type { Delivery } from '../core/delivery';
import { githubRepository, openPullRequest, upsertPullRequestComment } from './pull-request';
import { pushBranch } from './push-branch';

/** How far delivery goes past the local branch; the service and the CLI both say it this way. */
export interface RemoteDelivery {
  /** Push the branch to the remote (a URL job's own URL, or a local repository's origin). */
  push: boolean;
  /** Open a pull request: always, never, or when the remote is on GitHub ('auto'). */
  pullRequest: boolean | 'auto';
  /** The name the branch gets on the remote; the job's own branch name when unset. */
  remoteBranch?: string;
  /** A pull request to comment the job's findings on (updated in place by later jobs). */
  commentOn?: number;
  /** For https pushes and the GitHub API; never stored or logged. */
  token: string | undefined;
  /** GitHub Enterprise's REST API; github.com's when unset. */
  githubApiUrl: string | undefined;
}

/** What became of the push and the pull request, with why a step did not happen. */
export type RemoteOutcome = Pick<
  Delivery,
  'pushedTo' | 'remoteBranch' | 'pullRequestUrl' | 'commentUrl' | 'note'
>;

export const NOT_DELIVERED: RemoteOutcome = {
  pushedTo: null,
  remoteBranch: null,
  pullRequestUrl: null,
  commentUrl: null,
  note: null,
};

export interface RemoteRequest {
  /** The repository that holds the branch. */
  repository: string;
  branch: string;
  /** Where the job came from: its URL, or null for a local path (then its origin remote). */
  sourceUrl: string | null;
  /** The branch to merge into; the remote's default branch when null. */
  base: string | null;
  title: string;
  body: string;
  /** The comment's text, given the pull request the tests went to (null when none). */
  comment: (pullRequestUrl: string | null) => string;
}

/**
 * Pushes the job's branch and opens a pull request, as `options` ask. A refusal is an answer,
 * not an error: the tests stay on the local branch and in the patch, and the note says why.
 */
export async function deliverRemote(
  request: RemoteRequest,
  options: RemoteDelivery,
  git = new Git(),
): Promise<RemoteOutcome> {
  if (!options.push) return NOT_DELIVERED;
  const url = request.sourceUrl ?? (await git.remoteUrl(request.repository, 'origin'));
  if (!url)
    return {
      ...NOT_DELIVERED,
      note: 'the branch was not pushed: the repository has no origin remote',
    };
  const remoteBranch = options.remoteBranch ?? request.branch;
  const pushed = await pushBranch(
    {
      repository: request.repository,
      branch: request.branch,
      url,
      remoteBranch,
      token: options.token,
    },
    git,
  );
  if (!pushed.pushed)
    return {
      ...NOT_DELIVERED,
      note: `the branch was not pushed (${pushed.reason}); the tests are in the patch and on ${request.branch} in ${request.repository}`,
    };
  const done = { ...NOT_DELIVERED, pushedTo: url, remoteBranch };
  const onGithub = githubRepository(url, options.githubApiUrl) !== null;
  if (options.pullRequest === false || (options.pullRequest === 'auto' && !onGithub)) return done;
  const pr = await openPullRequest({
    remoteUrl: url,
    head: remoteBranch,
    base: request.base,
    title: request.title,
    body: request.body,
    token: options.token,
    apiUrl: options.githubApiUrl,
  });
  const opened =
    pr.url === null
      ? { ...done, note: `the pull request was not opened (${pr.reason}); the branch is pushed` }
      : { ...done, pullRequestUrl: pr.url };
  if (options.commentOn === undefined) return opened;
  const comment = await upsertPullRequestComment({
    remoteUrl: url,
    number: options.commentOn,
    body: request.comment(opened.pullRequestUrl),
    token: options.token,
    apiUrl: options.githubApiUrl,
  });
  return comment.url === null
    ? {
        ...opened,
        note: [opened.note, `no comment on #${options.commentOn} (${comment.reason})`]
          .filter(Boolean)
          .join('; '),
      }
    : { ...opened, commentUrl: comment.url };
}
