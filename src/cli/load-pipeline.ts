/**
 * The pipeline's entry points, loaded when a command runs rather than when the CLI starts:
 * LangChain, Octokit, tree-sitter and the runner cost a second of start-up, which
 * `attest --version` and `--help` should not pay.
 */
export async function loadPipeline() {
  const [runJob, verify, isolation, index, repository, understand] = await Promise.all([
    import('../pipeline/run-job.js'),
    import('../pipeline/verify-repository.js'),
    import('../verify/isolation.js'),
    import('../pipeline/repository-index.js'),
    import('../pipeline/with-repository.js'),
    import('../understand/understand-repo.js'),
  ]);
  return {
    runJob: runJob.runJob,
    verifyRepository: verify.verifyRepository,
    isolation: isolation.isolation,
    indexRepository: index.indexRepository,
    withRepository: repository.withRepository,
    understandRepo: understand.understandRepo,
  };
}
