/** Where a job's tests went: the local branch, the patch, and, where asked, the remote and the pull request. */
export interface Delivery {
  /** The repository that holds the branch (the user's, a clone, or a snapshot Attest made). */
  repository: string | null;
  branch: string | null;
  commit: string | null;
  patch: string | null;
  /** The remote the branch was pushed to, and the name it has there. */
  pushedTo: string | null;
  remoteBranch: string | null;
  pullRequestUrl: string | null;
  /** The comment with the job's findings on the pull request it was asked to comment on. */
  commentUrl: string | null;
  /** Why a push or a pull request that was asked for did not happen. */
  note: string | null;
}
