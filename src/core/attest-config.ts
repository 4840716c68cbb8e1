import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './attest-error';

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  ATTEST_DATA_DIR: z.string().min(1).optional(),
  ATTEST_MAX_FILES: positiveInt.default(20_000),
  ATTEST_MAX_TOTAL_BYTES: positiveInt.default(200 * 1024 * 1024),
  ATTEST_MAX_FILE_BYTES: positiveInt.default(1024 * 1024),
  ATTEST_EMBEDDINGS_MODEL: z.string().min(1).optional(),
  ATTEST_EMBEDDINGS_BASE_URL: z.string().url().optional(),
  ATTEST_EMBEDDINGS_API_KEY_ENV: z.string().min(1).default('OPENAI_API_KEY'),
  ATTEST_EMBEDDINGS_DIMENSIONS: positiveInt.optional(),
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

/** Settings read once at start-up. */
export interface AttestConfig {
  dataDir: string;
  limits: WalkLimits;
  /** Null means the local hashed embedder. */
  embedder: RemoteEmbedderConfig | null;
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
  return {
    dataDir: path.resolve(e.ATTEST_DATA_DIR ?? path.join(os.homedir(), '.attest')),
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
  };
}
