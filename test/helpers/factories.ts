import type { Mutant } from '../../src/core/mutant';
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
import type { Candidate } from '../../src/core/candidate';
import type { Target } from '../../src/core/target';
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

/** The verdict on test `name` of a candidate file, accepted unless overridden. */
export function aVerdictOn(
  candidate: Pick<Candidate, 'id' | 'targetId' | 'origin' | 'file'>,
  name: string,
  overrides: Partial<Verdict> = {},
): Verdict {
  return aVerdict({
    candidateId: candidate.id,
    target: candidate.targetId,
    origin: candidate.origin,
    file: candidate.file,
    name,
    ...overrides,
  });
}

/** Test files that lie in the repository, handed to the runner as `attest verify` does. */
export const givenFiles = (...files: string[]) => givenCandidates(files);

/** The runner's settings for tests: no cache unless given. */
export function runnerSettings(cacheDir: string | null = null): RunnerSettings {
  return { cacheDir, home: os.homedir(), path: process.env.PATH ?? '' };
}

/** A function target `name` in src/a.ts, with no requirement and a Jest import line, with overrides. */
export function aTarget(name: string, overrides: Partial<Target> = {}): Target {
  return {
    id: `src/a.ts#${name}`,
    label: name,
    symbol: aSymbol({ name, file: 'src/a.ts' }),
    owner: null,
    source: '',
    requirements: [],
    examples: [],
    skippedExamples: [],
    testDir: 'test/attest',
    testExtension: '.test.ts',
    importLine: {
      statement: `import { ${name} } from '../../src/a';`,
      local: name,
      entrySpecifier: null,
      packageName: null,
    },
    codeLines: [],
    collaborators: [],
    typeImports: [],
    disputes: [],
    dialect: 'jest',
    ...overrides,
  };
}

/** A mutant of src/a.ts inside a function, numbered `id`, at `line`. */
export function aMutant(id: number, line: number, overrides: Partial<Mutant> = {}): Mutant {
  return {
    id,
    file: 'src/a.ts',
    line,
    mutator: 'EqualityOperator',
    original: 'a < b',
    replacement: 'a <= b',
    inFunction: true,
    ...overrides,
  };
}
