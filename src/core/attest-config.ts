import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseSandboxPolicy } from './sandbox-policy';
import { ConfigError } from './attest-error';
import { parseModelSpecs, type ModelSpec } from './model-spec';
import type { RunnerSettings } from './verification';

const positiveInt = z.coerce.number().int().positive();
const dollars = z.coerce.number().nonnegative();

const envSchema = z.object({
  ATTEST_DATA_DIR: z.string().min(1).optional(),
  ATTEST_MAX_FILES: positiveInt.default(20_000),
  ATTEST_MAX_TOTAL_BYTES: positiveInt.default(200 * 1024 * 1024),
  ATTEST_MAX_FILE_BYTES: positiveInt.default(1024 * 1024),
  ATTEST_EMBEDDINGS_MODEL: z.string().min(1).optional(),
  ATTEST_EMBEDDINGS_BASE_URL: z.string().url().optional(),
  ATTEST_EMBEDDINGS_API_KEY_ENV: z.string().min(1).default('OPENAI_API_KEY'),
  ATTEST_EMBEDDINGS_DIMENSIONS: positiveInt.optional(),
  ATTEST_MODELS: z.string().min(1).optional(),
  ATTEST_BUDGET_USD: dollars.default(1),
  ATTEST_TARGET_BUDGET_USD: dollars.default(0.1),
  // Each survivor round costs about one call per target with survivors: three keep a job near
  // its first pass's cost, and the budgets still bound it.
  ATTEST_MAX_ROUNDS: z.coerce.number().int().min(0).max(20).default(3),
  ATTEST_GIT_TOKEN: z.string().optional(),
  GITHUB_TOKEN: z.string().optional(),
  ATTEST_GITHUB_API_URL: z.string().url().optional(),
  HOME: z.string().min(1).optional(),
  PATH: z.string().default(''),
});

/** Limits on what the file walk reads. */
export interface WalkLimits {
  maxFiles: number;
  maxTotalBytes: number;
  maxFileBytes: number;
}

/** An OpenAI-compatible embeddings endpoint. */
export interface RemoteEmbedderConfig {
  model: string;
  baseURL: string | undefined;
  apiKey: string | undefined;
  dimensions: number | undefined;
}

/** A configured chat model and the key its `apiKeyEnv` names, read once. */
export interface ConfiguredModel {
  spec: ModelSpec;
  /** Undefined when the spec names no key variable, or the variable is not set. */
  apiKey: string | undefined;
}

/** Settings read once at start-up. */
export interface AttestConfig {
  dataDir: string;
  limits: WalkLimits;
  /** Null means the local hashed embedder. */
  embedder: RemoteEmbedderConfig | null;
  /** Cheapest first; empty means tier 0 alone. */
  models: ConfiguredModel[];
  /** The job's budget, and each target's cap, in US dollars. */
  budgetUsd: number;
  targetBudgetUsd: number;
  /** Survivor rounds after the models' first pass (0: none). */
  maxRounds: number;
  /** The runner's own settings: its caches live in the data directory. */
  runner: RunnerSettings;
  /** For pushes to https remotes and the GitHub API; never stored or logged. */
  gitToken: string | undefined;
  /** GitHub Enterprise's REST API; github.com's when unset. */
  githubApiUrl: string | undefined;
}

/** Parses the environment once, naming the variable that is wrong. */
export function parseConfig(env: Record<string, string | undefined>): AttestConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`${name} is invalid: ${issue?.message ?? 'unknown problem'}`);
  }
  const e = parsed.data;
  // The sandbox reads its own settings where it starts; a wrong one stops the start here.
  parseSandboxPolicy(env);
  const dataDir = path.resolve(e.ATTEST_DATA_DIR ?? path.join(os.homedir(), '.attest'));
  return {
    dataDir,
    limits: {
      maxFiles: e.ATTEST_MAX_FILES,
      maxTotalBytes: e.ATTEST_MAX_TOTAL_BYTES,
      maxFileBytes: e.ATTEST_MAX_FILE_BYTES,
    },
    embedder: e.ATTEST_EMBEDDINGS_MODEL
      ? {
          model: e.ATTEST_EMBEDDINGS_MODEL,
          baseURL: e.ATTEST_EMBEDDINGS_BASE_URL,
          apiKey: env[e.ATTEST_EMBEDDINGS_API_KEY_ENV],
          dimensions: e.ATTEST_EMBEDDINGS_DIMENSIONS,
        }
      : null,
    models: e.ATTEST_MODELS ? withKeys(parseModelSpecs(e.ATTEST_MODELS, 'ATTEST_MODELS'), env) : [],
    budgetUsd: e.ATTEST_BUDGET_USD,
    targetBudgetUsd: e.ATTEST_TARGET_BUDGET_USD,
    maxRounds: e.ATTEST_MAX_ROUNDS,
    runner: { cacheDir: dataDir, home: e.HOME ?? os.homedir(), path: e.PATH },
    gitToken: e.ATTEST_GIT_TOKEN || e.GITHUB_TOKEN || undefined,
    githubApiUrl: e.ATTEST_GITHUB_API_URL,
  };
}

/** Pairs each model with the key its `apiKeyEnv` names, so that nothing deeper reads the environment. */
export function withKeys(
  specs: ModelSpec[],
  env: Record<string, string | undefined>,
): ConfiguredModel[] {
  return specs.map((spec) => ({
    spec,
    apiKey: spec.apiKeyEnv ? env[spec.apiKeyEnv] || undefined : undefined,
  }));
}
