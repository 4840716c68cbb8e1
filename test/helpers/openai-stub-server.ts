import {
  startChatServer,
  startJsonServer,
  type ChatRequest,
  type JsonReply,
  type RecordedRequest,
  type ScriptedAnswer,
} from '../../bench/stub-server';

export { startChatServer, startJsonServer };
export type { ChatRequest, JsonReply, RecordedRequest, ScriptedAnswer };

/**
 * A local OpenAI-compatible server on 127.0.0.1 that answers /v1/embeddings with a vector
 * derived from each input's length, so the test can tell which text came back where.
 */
export async function startEmbeddingsServer(dimensions = 8): Promise<{
  baseURL: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}> {
  const server = await startJsonServer((request) => {
    if (request.path !== '/v1/embeddings') return { status: 404 };
    const body = request.body as { input: string[] | string; encoding_format?: string };
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
    return {
      status: 200,
      json: {
        object: 'list',
        data,
        model: 'stub',
        usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
      },
    };
  });
  return server;
}
