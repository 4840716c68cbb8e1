import { OpenAIEmbeddings } from '@langchain/openai';
import type { RemoteEmbedderConfig } from '../core/attest-config';
import { ConfigError, ExternalServiceError } from '../core/attest-error';
import type { Embedder } from './embedder';

const REQUEST_TIMEOUT_MS = 60_000;

/** Any OpenAI-compatible embeddings endpoint, through LangChain's OpenAIEmbeddings. */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAIEmbeddings;
  private knownDimensions: number | undefined;

  constructor(private readonly config: RemoteEmbedderConfig) {
    if (!config.apiKey) {
      throw new ConfigError(
        `the embeddings model ${config.model} needs an API key: set the variable that ATTEST_EMBEDDINGS_API_KEY_ENV names (OPENAI_API_KEY by default).`,
      );
    }
    this.knownDimensions = config.dimensions;
    this.id = `openai-${config.model}-${config.dimensions ?? 'native'}`.replace(/[^\w.-]/g, '_');
    this.client = new OpenAIEmbeddings({
      model: config.model,
      apiKey: config.apiKey,
      ...(config.dimensions ? { dimensions: config.dimensions } : {}),
      configuration: config.baseURL ? { baseURL: config.baseURL } : {},
      batchSize: 256,
      maxRetries: 2,
      timeout: REQUEST_TIMEOUT_MS,
    });
  }

  /** Known once the first vectors came back, unless configured. */
  get dimensions(): number {
    return this.knownDimensions ?? 0;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    let vectors: number[][];
    try {
      vectors = await this.client.embedDocuments(texts);
    } catch (error) {
      throw new ExternalServiceError(
        `the embeddings endpoint ${this.config.baseURL ?? 'api.openai.com'} failed: ${(error as Error).message}`,
      );
    }
    this.knownDimensions ??= vectors[0]?.length;
    return vectors.map((v) => Float32Array.from(v));
  }
}
