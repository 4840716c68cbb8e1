import os from 'node:os';
import type { AttestConfig } from '../../src/core/attest-config';

/** A configuration for tests: the local embedder, no models and generous limits, with overrides. */
export function aConfig(overrides: Partial<AttestConfig> & { dataDir: string }): AttestConfig {
  return {
    limits: { maxFiles: 10_000, maxTotalBytes: 50 * 1024 * 1024, maxFileBytes: 1024 * 1024 },
    embedder: null,
    models: [],
    budgetUsd: 1,
    targetBudgetUsd: 0.1,
    maxRounds: 3,
    gitToken: undefined,
    githubApiUrl: undefined,
    runner: { cacheDir: overrides.dataDir, home: os.homedir(), path: process.env.PATH ?? '' },
    ...overrides,
  };
}
