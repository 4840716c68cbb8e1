import { Octokit } from '@octokit/rest';
import { withoutSecret } from './push-branch';

export interface PullRequestRequest {
  /** The remote the branch was pushed to. */
  remoteUrl: string;
  /** The pushed branch. */
  head: string;
  /** The branch to merge into; the repository's default branch when null. */
  base: string | null;
  title: string;
  body: string;
  token: string | undefined;
  /** GitHub Enterprise's API (ATTEST_GITHUB_API_URL); github.com's when unset. */
  apiUrl: string | undefined;
}

const GITHUB_API = 'https://api.github.com';
/** GitHub refuses a pull request body over 65,536 characters. */
const MAX_BODY = 65_000;

/**
 * The owner and name of a repository on GitHub (or on the Enterprise host the API URL names),
 * from the URL it was cloned from; null for a remote that is not there.
 */
export function githubRepository(
  remoteUrl: string,
  apiUrl: string | undefined,
): { owner: string; repo: string } | null {
  const match = /[/:]([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remoteUrl);
  if (!match) return null;
  const onGithub = /^(?:https:\/\/|ssh:\/\/git@|git@)github\.com[/:]/i.test(remoteUrl);
  return onGithub || apiUrl ? { owner: match[1]!, repo: match[2]! } : null;
}

/** Marks Attest's comment on a pull request, so that a later job updates it instead of adding one. */
export const COMMENT_MARKER = '<!-- attest:pull-request-comment -->';

function octokitFor(token: string, apiUrl: string | undefined): Octokit {
  return new Octokit({
    auth: token,
    baseUrl: (apiUrl ?? GITHUB_API).replace(/\/$/, ''),
    userAgent: 'attest',
    request: { retries: 0 },
  });
}

/**
 * Writes the job's findings as Attest's one comment on pull request `number`: the comment a
 * previous job left is edited (found by its marker), else one is added. A failure is an answer
 * with the reason.
 */
export async function upsertPullRequestComment(request: {
  remoteUrl: string;
  number: number;
  body: string;
  token: string | undefined;
  apiUrl: string | undefined;
}): Promise<{ url: string } | { url: null; reason: string }> {
  const target = githubRepository(request.remoteUrl, request.apiUrl);
  if (!target) return { url: null, reason: 'the remote is not on GitHub' };
  if (!request.token)
    return { url: null, reason: 'no token: set ATTEST_GIT_TOKEN or GITHUB_TOKEN' };
  const octokit = octokitFor(request.token, request.apiUrl);
  const body = `${COMMENT_MARKER}\n${request.body.slice(0, MAX_BODY)}`;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...target,
      issue_number: request.number,
      per_page: 100,
    });
    const ours = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
    const written = ours
      ? await octokit.rest.issues.updateComment({ ...target, comment_id: ours.id, body })
      : await octokit.rest.issues.createComment({ ...target, issue_number: request.number, body });
    return { url: written.data.html_url };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { url: null, reason: withoutSecret(message, request.token) };
  }
}

/**
 * Opens a pull request for a pushed branch through the GitHub REST API (Octokit). A failure is
 * an answer with the reason, since the branch and the patch already hold the tests.
 */
export async function openPullRequest(
  request: PullRequestRequest,
): Promise<{ url: string } | { url: null; reason: string }> {
  const target = githubRepository(request.remoteUrl, request.apiUrl);
  if (!target) return { url: null, reason: 'the remote is not on GitHub' };
  if (!request.token)
    return { url: null, reason: 'no token: set ATTEST_GIT_TOKEN or GITHUB_TOKEN' };
  const octokit = octokitFor(request.token, request.apiUrl);
  try {
    const base = request.base ?? (await octokit.rest.repos.get(target)).data.default_branch;
    const created = await octokit.rest.pulls.create({
      ...target,
      head: request.head,
      base,
      title: request.title,
      body:
        request.body.length > MAX_BODY
          ? `${request.body.slice(0, MAX_BODY)}\n\n(cut: the whole report is in report.md)`
          : request.body,
    });
    return { url: created.data.html_url };
  } catch (error) {
    // The branch already has an open pull request (a pull request's branch, pushed again):
    // that one now holds the new tests.
    const open = await existingPullRequest(octokit, target, request.head).catch(() => null);
    if (open) return { url: open };
    const message = error instanceof Error ? error.message : String(error);
    return { url: null, reason: withoutSecret(message, request.token) };
  }
}

async function existingPullRequest(
  octokit: Octokit,
  target: { owner: string; repo: string },
  head: string,
): Promise<string | null> {
  const open = await octokit.rest.pulls.list({
    ...target,
    head: `${target.owner}:${head}`,
    state: 'open',
  });
  return open.data[0]?.html_url ?? null;
}
