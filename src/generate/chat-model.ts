import type { Prompt } from './prompt';

/** A model's answer and the tokens the endpoint counted for it. */
export interface ChatAnswer {
  text: string;
  inputTokens: number;
  outputTokens: number;
}

/** The edge to a chat model: one prompt in, one answer out. */
export interface ChatModel {
  complete(prompt: Prompt): Promise<ChatAnswer>;
}
