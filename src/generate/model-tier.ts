import type { ConfiguredModel } from '../core/attest-config';
import { ExternalServiceError } from '../core/attest-error';
import { costOf } from '../core/model-spec';
import type { Target } from '../core/target';
import { testFileFor } from '../plan/plan-targets';
import type { ChatModel } from './chat-model';
import { parseAnswer } from './parse-answer';
import { buildPrompt, type RepairHint, type StyleExample, type SurvivorBrief } from './prompt';
import type { Draft, Tier } from './tier';

/**
 * A configured model as a tier. The first call that fails after its retries (an endpoint that
 * cannot be reached, a refused key) takes the tier out for the rest of the job, with the reason.
 */
export class ModelTier implements Tier {
  readonly paid = true;
  private failure: string | null = null;

  constructor(
    private readonly configured: ConfiguredModel,
    private readonly model: ChatModel,
    private readonly styleFor: (target: Target) => StyleExample[],
  ) {}

  get name(): string {
    return this.configured.spec.name;
  }

  get origin(): `model:${string}` {
    return `model:${this.configured.spec.name}`;
  }

  unavailable(): string | null {
    return this.failure;
  }

  async draft(
    target: Target,
    repair: RepairHint | null,
    survivors?: SurvivorBrief,
  ): Promise<Draft> {
    const prompt = buildPrompt(target, this.styleFor(target), repair, survivors ?? null);
    let answer;
    try {
      answer = await this.model.complete(prompt);
    } catch (error) {
      if (!(error instanceof ExternalServiceError)) throw error;
      this.failure = error.message;
      return { status: 'nothing', reason: error.message };
    }
    const usage = {
      inputTokens: answer.inputTokens,
      outputTokens: answer.outputTokens,
      costUsd: costOf(this.configured.spec, answer.inputTokens, answer.outputTokens),
    };
    const parsed = parseAnswer(answer.text, target, testFileFor(target, this.name));
    return parsed.status === 'ok'
      ? { status: 'drafted', text: parsed.code, usage }
      : { status: 'unusable', reason: parsed.reason, text: answer.text, usage };
  }
}
