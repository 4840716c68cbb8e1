// Stand-in HTTP servers for tests and benchmarks: a JSON server and an OpenAI-compatible chat
// endpoint on 127.0.0.1, so that the real LangChain client is exercised over real HTTP and no
// outside host is ever called.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** What a stand-in endpoint answers: a status, and a JSON body unless there is none. */
export interface JsonReply {
  status: number;
  json?: unknown;
}

/**
 * A JSON server on 127.0.0.1 with a random port: each request's body is parsed and handed to
 * `answer`, whose reply is sent back. The base URL ends in /v1, as an OpenAI client expects.
 */
export async function startJsonServer(answer: (request: RecordedRequest) => JsonReply): Promise<{
  baseURL: string;
  origin: string;
  /** Every request, in the order it came. */
  requests: RecordedRequest[];
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      };
      requests.push(request);
      const reply = answer(request);
      if (reply.json === undefined) {
        res.writeHead(reply.status).end();
        return;
      }
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** One scripted answer of the chat server: a reply with its usage, or an HTTP error status. */
export type ScriptedAnswer =
  { text: string; promptTokens: number; completionTokens: number } | { status: number };

export interface ChatRequest {
  model: string;
  system: string;
  user: string;
}

/**
 * A local OpenAI-compatible chat server on 127.0.0.1: /v1/chat/completions answers as `script`
 * says for each request (by model name and prompt), and records every request it was sent.
 */
export async function startChatServer(script: (request: ChatRequest) => ScriptedAnswer): Promise<{
  baseURL: string;
  requests: ChatRequest[];
  close: () => Promise<void>;
}> {
  const requests: ChatRequest[] = [];
  const server = await startJsonServer(({ path, body }) => {
    if (path !== '/v1/chat/completions') return { status: 404 };
    const { model, messages } = body as {
      model: string;
      messages: { role: string; content: string }[];
    };
    const request = {
      model,
      system: messages.find((m) => m.role === 'system')?.content ?? '',
      user: messages.find((m) => m.role === 'user')?.content ?? '',
    };
    requests.push(request);
    const answer = script(request);
    if ('status' in answer)
      return { status: answer.status, json: { error: { message: `scripted ${answer.status}` } } };
    return {
      status: 200,
      json: {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: 0,
        model,
        choices: [
          { index: 0, message: { role: 'assistant', content: answer.text }, finish_reason: 'stop' },
        ],
        usage: {
          prompt_tokens: answer.promptTokens,
          completion_tokens: answer.completionTokens,
          total_tokens: answer.promptTokens + answer.completionTokens,
        },
      },
    };
  });
  return { ...server, requests };
}
