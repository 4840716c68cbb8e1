import { Git } from '../acquire/git';

export interface PushRequest {
  /** The repository that holds the branch: the job's clone. */
  repository: string;
  branch: string;
  /** The remote the job cloned from. */
  url: string;
  /** The name the branch gets there. */
  remoteBranch: string;
  /** For https remotes. */
  token?: string;
}

/**
 * Pushes the job's branch to the repository's remote. A failure is an answer, not an error:
 * the tests stay on the local branch and in the patch, and the caller says why.
 */
export async function pushBranch(
  request: PushRequest,
  git = new Git(),
): Promise<{ pushed: true } | { pushed: false; reason: string }> {
  try {
    // Branches under attest/ are Attest's own: the job's (attest/<job-id>), run again, and a
    // pull request's (attest/pr-<n>), which each push's job replaces. A branch the user named
    // elsewhere is never forced.
    await git.push(request.repository, request.url, request.branch, request.remoteBranch, {
      token: request.token,
      force: request.remoteBranch === request.branch || request.remoteBranch.startsWith('attest/'),
    });
    return { pushed: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { pushed: false, reason: withoutSecret(message, request.token).trim().split('\n')[0]! };
  }
}

/** A message with every occurrence of a secret masked, for reasons that are stored and shown. */
export function withoutSecret(message: string, secret: string | undefined): string {
  return secret ? message.split(secret).join('***') : message;
}
