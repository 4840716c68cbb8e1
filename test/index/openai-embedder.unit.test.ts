import { ConfigError, ExternalServiceError } from '../../src/core/attest-error';
import { OpenAIEmbedder } from '../../src/index/openai-embedder';
import { startEmbeddingsServer } from '../helpers/openai-stub-server';

describe(OpenAIEmbedder.name, () => {
  it('embeds through a real OpenAI-compatible endpoint over HTTP, with the configured key and model', async () => {
    const server = await startEmbeddingsServer(8);
    try {
      const embedder = new OpenAIEmbedder({
        model: 'stub-embed',
        baseURL: server.baseURL,
        apiKey: 'sk-test',
        dimensions: undefined,
      });
      const vectors = await embedder.embed(['abc', 'abcdef']);
      expect(vectors).toHaveLength(2);
      expect(Array.from(vectors[0]!).indexOf(1)).toBe(3);
      expect(Array.from(vectors[1]!).indexOf(1)).toBe(6);
      expect(embedder.dimensions).toBe(8);
      expect(embedder.id).toBe('openai-stub-embed-native');
      expect(server.requests[0]).toMatchObject({
        path: '/v1/embeddings',
        authorization: 'Bearer sk-test',
      });
      expect(server.requests[0]!.body).toMatchObject({
        model: 'stub-embed',
        input: ['abc', 'abcdef'],
      });
    } finally {
      await server.close();
    }
  });

  it('refuses to start without an API key, naming the variable to set', () => {
    expect(
      () =>
        new OpenAIEmbedder({
          model: 'm',
          baseURL: undefined,
          apiKey: undefined,
          dimensions: undefined,
        }),
    ).toThrow(ConfigError);
  });

  it('reports an endpoint that does not answer as an external failure', async () => {
    const server = await startEmbeddingsServer();
    await server.close();
    const embedder = new OpenAIEmbedder({
      model: 'm',
      baseURL: server.baseURL,
      apiKey: 'k',
      dimensions: undefined,
    });
    await expect(embedder.embed(['x'])).rejects.toBeInstanceOf(ExternalServiceError);
  });
});
