import { startJsonServer, type RecordedRequest } from './openai-stub-server';

/**
 * A stand-in for GitHub's REST API on 127.0.0.1: it names `main` the default branch of every
 * repository, opens pull request number 7, and records every request Octokit sends.
 */
export async function startGithubServer(): Promise<{
  apiUrl: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}> {
  const server = await startJsonServer((request) => {
    const repo = /^\/repos\/([\w.-]+)\/([\w.-]+)(\/pulls)?$/.exec(request.path);
    if (!repo) return { status: 404, json: { message: 'Not Found' } };
    if (request.method === 'GET' && !repo[3])
      return { status: 200, json: { default_branch: 'main', full_name: `${repo[1]}/${repo[2]}` } };
    if (request.method === 'POST' && repo[3])
      return {
        status: 201,
        json: { number: 7, html_url: `https://github.example/${repo[1]}/${repo[2]}/pull/7` },
      };
    return { status: 405, json: { message: 'not here' } };
  });
  return { apiUrl: server.origin, requests: server.requests, close: server.close };
}
