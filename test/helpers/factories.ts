import type { CodeSymbol } from '../../src/core/code-symbol';

/** A symbol for tests: `add` in src/math.ts, exported by name; its id follows file, class and name unless given. */
export function aSymbol(overrides: Partial<CodeSymbol> = {}): CodeSymbol {
  const symbol: Omit<CodeSymbol, 'id'> = {
    name: 'add',
    kind: 'function',
    className: null,
    file: 'src/math.ts',
    line: 1,
    endLine: 3,
    exported: 'named',
    reexports: [],
    signature: 'add(a, b)',
    params: [],
    returnType: null,
    async: false,
    generator: false,
    modifiers: [],
    jsdoc: null,
    ...overrides,
  };
  const label = symbol.className ? `${symbol.className}.${symbol.name}` : symbol.name;
  return {
    id: `${symbol.file}#${label}`,
    ...symbol,
    ...(overrides.id ? { id: overrides.id } : {}),
  };
}

import os from 'node:os';
import { givenCandidates, type RunnerSettings } from '../../src/core/verification';
import type { Verdict } from '../../src/core/verdict';

/** An accepted verdict on `add works` of test/add.test.ts, from tier 0, with overrides. */
export function aVerdict(overrides: Partial<Verdict> = {}): Verdict {
  return {
    candidateId: 'test/add.test.ts',
    target: 'src/math.ts#add',
    origin: 'examples',
    file: 'test/add.test.ts',
    name: 'add works',
    status: 'accepted',
    gate: null,
    reasons: [],
    assertionCount: 1,
    killedMutants: [],
    reachedMutants: [],
    durationMs: 1,
    ...overrides,
  } as Verdict;
}

/** Test files that lie in the repository, handed to the runner as `attest verify` does. */
export const givenFiles = (...files: string[]) => givenCandidates(files);

/** The runner's settings for tests: no cache unless given. */
export function runnerSettings(cacheDir: string | null = null): RunnerSettings {
  return { cacheDir, home: os.homedir(), path: process.env.PATH ?? '' };
}
