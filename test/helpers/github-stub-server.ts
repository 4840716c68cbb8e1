import { startJsonServer, type RecordedRequest } from './openai-stub-server';

/**
 * A stand-in for GitHub's REST API on 127.0.0.1: it names `main` the default branch of every
 * repository, opens pull request number 7, keeps the comments written on issues (pull
 * requests) and records every request Octokit sends.
 */
export async function startGithubServer(): Promise<{
  apiUrl: string;
  requests: RecordedRequest[];
  /** The comments on the issues of every repository, in the order they were made. */
  comments: { id: number; issue: number; body: string }[];
  close: () => Promise<void>;
}> {
  const comments: { id: number; issue: number; body: string }[] = [];
  const pulls: { number: number; head: string; html_url: string }[] = [];
  const server = await startJsonServer((request) => {
    const url = new URL(request.path, 'http://stub');
    const listed = /^\/repos\/([\w.-]+)\/([\w.-]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (listed) {
      const issue = Number(listed[3]);
      if (request.method === 'GET')
        return { status: 200, json: comments.filter((c) => c.issue === issue).map(view) };
      if (request.method === 'POST') {
        const comment = { id: comments.length + 1, issue, body: String(request.body.body) };
        comments.push(comment);
        return { status: 201, json: view(comment) };
      }
    }
    const edited = /^\/repos\/[\w.-]+\/[\w.-]+\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (edited && request.method === 'PATCH') {
      const comment = comments.find((c) => c.id === Number(edited[1]));
      if (!comment) return { status: 404, json: { message: 'Not Found' } };
      comment.body = String(request.body.body);
      return { status: 200, json: view(comment) };
    }
    const repo = /^\/repos\/([\w.-]+)\/([\w.-]+)(\/pulls)?$/.exec(url.pathname);
    if (!repo) return { status: 404, json: { message: 'Not Found' } };
    if (request.method === 'GET' && !repo[3])
      return { status: 200, json: { default_branch: 'main', full_name: `${repo[1]}/${repo[2]}` } };
    if (request.method === 'GET' && repo[3]) {
      // ?head=owner:branch&state=open, as Octokit asks for a branch's open pull request.
      const head = url.searchParams.get('head')?.split(':')[1];
      return { status: 200, json: pulls.filter((p) => !head || p.head === head) };
    }
    if (request.method === 'POST' && repo[3]) {
      const head = String(request.body.head);
      // GitHub refuses a second open pull request from the same branch.
      if (pulls.some((p) => p.head === head))
        return {
          status: 422,
          json: {
            message: 'Validation Failed',
            errors: [{ message: `A pull request already exists for ${repo[1]}:${head}.` }],
          },
        };
      const pull = {
        number: 7,
        head,
        html_url: `https://github.example/${repo[1]}/${repo[2]}/pull/7`,
      };
      pulls.push(pull);
      return { status: 201, json: pull };
    }
    return { status: 405, json: { message: 'not here' } };
  });
  return { apiUrl: server.origin, requests: server.requests, comments, close: server.close };
}

const view = (c: { id: number; issue: number; body: string }) => ({
  id: c.id,
  body: c.body,
  html_url: `https://github.example/issues/${c.issue}#issuecomment-${c.id}`,
});
