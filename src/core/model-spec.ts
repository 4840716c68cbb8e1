import { z } from 'zod';
import { ConfigError } from './attest-error';

const price = z.number().nonnegative();

const modelSpecSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+$/, 'use letters, digits, dot, dash or underscore'),
  model: z.string().min(1),
  baseURL: z.string().url().optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_]\w*$/, 'name an environment variable')
    .optional(),
  inputUsdPer1M: price,
  outputUsdPer1M: price,
});

/** A configured chat model, as DESIGN.md gives its JSON. */
export type ModelSpec = z.infer<typeof modelSpecSchema>;

/**
 * Parses a models list (the ATTEST_MODELS variable or a --models file) and orders it cheapest
 * first; `where` names the source in the error, so the user knows what to fix.
 */
export function parseModelSpecs(text: string, where: string): ModelSpec[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `${where} is not valid JSON (${(error as Error).message}). It must be a JSON array of { "name", "model", "baseURL", "apiKeyEnv", "inputUsdPer1M", "outputUsdPer1M" }.`,
    );
  }
  const parsed = z.array(modelSpecSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new ConfigError(`${where} is invalid${at}: ${issue.message}.`);
  }
  const names = new Set<string>();
  for (const spec of parsed.data) {
    if (names.has(spec.name))
      throw new ConfigError(`${where} names the model "${spec.name}" twice: names must be unique.`);
    names.add(spec.name);
  }
  return [...parsed.data].sort((a, b) => blendedPrice(a) - blendedPrice(b));
}

/** Keeps only the named models, in price order; an unknown name is an error that lists the known ones. */
export function pickModels(specs: ModelSpec[], names: string[]): ModelSpec[] {
  const known = new Set(specs.map((s) => s.name));
  for (const name of names) {
    if (!known.has(name))
      throw new ConfigError(
        `unknown model "${name}". The configured models are: ${[...known].join(', ') || 'none (set ATTEST_MODELS or --models)'}.`,
      );
  }
  return specs.filter((s) => names.includes(s.name));
}

/** Price of a typical call, where a prompt is about four times as long as its answer. */
function blendedPrice(spec: ModelSpec): number {
  return spec.inputUsdPer1M * 4 + spec.outputUsdPer1M;
}

/** What a call with this usage costs at the model's prices, in US dollars. */
export function costOf(spec: ModelSpec, inputTokens: number, outputTokens: number): number {
  return (inputTokens * spec.inputUsdPer1M + outputTokens * spec.outputUsdPer1M) / 1_000_000;
}
