import { ChatOpenAI } from '@langchain/openai';
import { ExternalServiceError } from '../core/attest-error';
import type { ConfiguredModel } from '../core/attest-config';
import type { ChatAnswer, ChatModel } from './chat-model';
import type { Prompt } from './prompt';

export interface ChatCallOptions {
  timeoutMs: number;
  /** Retries on 429 and 5xx, with LangChain's exponential backoff. */
  maxRetries: number;
}

export const DEFAULT_CALL_OPTIONS: ChatCallOptions = { timeoutMs: 120_000, maxRetries: 3 };

/** Any OpenAI-compatible chat endpoint, through LangChain's ChatOpenAI. */
export class OpenAIChatModel implements ChatModel {
  private readonly client: ChatOpenAI;

  constructor(
    private readonly configured: ConfiguredModel,
    options: ChatCallOptions = DEFAULT_CALL_OPTIONS,
  ) {
    const { spec } = configured;
    this.client = new ChatOpenAI({
      model: spec.model,
      // An endpoint that needs no key (a local server) still gets a non-empty one, which
      // the OpenAI client insists on.
      apiKey: configured.apiKey ?? 'not-needed',
      configuration: spec.baseURL ? { baseURL: spec.baseURL } : undefined,
      temperature: 0,
      timeout: options.timeoutMs,
      maxRetries: options.maxRetries,
    });
  }

  async complete(prompt: Prompt): Promise<ChatAnswer> {
    const { spec } = this.configured;
    if (spec.apiKeyEnv && !this.configured.apiKey)
      throw new ExternalServiceError(
        `the model "${spec.name}" needs the key in ${spec.apiKeyEnv}, which is not set.`,
      );
    try {
      const message = await this.client.invoke([
        ['system', prompt.system],
        ['human', prompt.user],
      ]);
      const text =
        typeof message.content === 'string'
          ? message.content
          : message.content.map((part) => ('text' in part ? String(part.text) : '')).join('');
      return {
        text,
        inputTokens: message.usage_metadata?.input_tokens ?? 0,
        outputTokens: message.usage_metadata?.output_tokens ?? 0,
      };
    } catch (error) {
      const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
      throw new ExternalServiceError(
        `the model "${spec.name}" at ${spec.baseURL ?? 'the OpenAI API'} failed: ${why}`,
      );
    }
  }
}
