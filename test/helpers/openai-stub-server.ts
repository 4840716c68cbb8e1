import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A local OpenAI-compatible server on 127.0.0.1 that answers /v1/embeddings with a vector
 * derived from each input's length, so the test can tell which text came back where.
 */
export async function startEmbeddingsServer(dimensions = 8): Promise<{
  baseURL: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { input: string[] | string; encoding_format?: string };
      requests.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
      if (req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const data = inputs.map((text, index) => {
        const vector = Array.from({ length: dimensions }, (_, i) =>
          i === text.length % dimensions ? 1 : 0.01,
        );
        const embedding =
          body.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
            : vector;
        return { object: 'embedding', index, embedding };
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data,
          model: 'stub',
          usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
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
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as {
        model: string;
        messages: { role: string; content: string }[];
      };
      const request = {
        model: body.model,
        system: body.messages.find((m) => m.role === 'system')?.content ?? '',
        user: body.messages.find((m) => m.role === 'user')?.content ?? '',
      };
      requests.push(request);
      const answer = script(request);
      if ('status' in answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `scripted ${answer.status}` } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: answer.text },
              finish_reason: 'stop',
            },
          ],
          usage: {
            prompt_tokens: answer.promptTokens,
            completion_tokens: answer.completionTokens,
            total_tokens: answer.promptTokens + answer.completionTokens,
          },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
