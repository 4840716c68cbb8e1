import path from 'node:path';
import type { CodeRange, Mutant } from '../../core/mutant';
import { runCandidates, type CandidateRunOptions } from '../candidate-runs';
import type { MutationResults, MutationRunOptions, TestMutation } from '../jest-run';
import type { RunnerWorkspace } from '../runner-workspace';
import { LOAD_ERROR, STATIC_BLOCK, STATIC_WRAPPER } from './protocol';

/**
 * Static mutants: code that runs while a test file loads its module (a default that a factory
 * builds at load) is past changing when a test runs, so switching its mutant then proves
 * nothing. As Stryker does, each test file whose loading reached such mutants is loaded afresh
 * (jest.isolateModules) once per mutant, with the mutant on from the start, and all its tests
 * run; the outcomes join the file's own. Under the repository's own vitest, which loads each
 * file afresh in every run, the files themselves run, each mutant on from their load. Module
 * data is never among them: it records no coverage (see Mutant.inFunction). The mutants of an unrepeatable test (one whose replay in
 * the same process failed) are tried the same way, since each fresh load starts clean.
 * Returns the ids it tried.
 */
export async function tryStaticMutants(
  results: MutationResults,
  loaded: Map<string, number[]>,
  eligibleIn: (testFile: string) => (id: number) => boolean,
  workspace: RunnerWorkspace,
  options: CandidateRunOptions & { mutation: MutationRunOptions },
): Promise<number[]> {
  // The repository's own vitest loads each file afresh in every run: it runs the files
  // themselves, each mutant on from the start of their load (vitest-driver.ts).
  const vitest = options.runner === 'vitest';
  const runFiles: string[] = [];
  const tried = new Set<number>();
  const unrepeatableFiles = [...results.entries()].flatMap(([t, r]) =>
    r.unrepeatable ? [t.file] : [],
  );
  const files = new Set([...loaded.keys(), ...unrepeatableFiles]);
  for (const file of files) {
    const tests = results.ofFile(file);
    const replayed = new Set(tests.flatMap((r) => (r.unrepeatable ? [] : r.covered)));
    const unrepeatable = tests.flatMap((r) => (r.unrepeatable ? r.covered : []));
    const eligible = eligibleIn(file);
    const atLoad = (loaded.get(file) ?? []).filter((id) => !replayed.has(id));
    const only = [...new Set([...atLoad, ...unrepeatable])].filter(eligible).sort((a, b) => a - b);
    if (only.length === 0 || tests.length === 0) continue;
    for (const id of only) tried.add(id);
    if (vitest) {
      runFiles.push(file);
      continue;
    }
    // The environment records the outcomes under the wrapped file (jest-environment.ts).
    const wrapper = `${file}${STATIC_WRAPPER}`;
    await workspace.writeFile(wrapper, staticWrapper(path.posix.basename(file), only));
    runFiles.push(wrapper);
  }
  if (runFiles.length === 0) return [];
  const run = await runCandidates(runFiles, {
    ...options,
    // Each mutant costs fresh loads of its files: the process's guard grows with them, rather
    // than splitting a run that is only long.
    timeoutMs: options.timeoutMs * Math.max(1, Math.ceil(tried.size / 25)),
    mutation: {
      ...options.mutation,
      static: true,
      ...(vitest ? { only: [...tried].sort((a, b) => a - b) } : {}),
    },
  });
  for (const [test, result] of run.mutation.entries()) {
    // The mutant broke the loading itself: every test of the file would notice.
    const targets: TestMutation[] =
      test.name === LOAD_ERROR
        ? results.ofFile(test.file)
        : [results.get(test)].filter((r) => r !== undefined);
    for (const entry of targets) {
      for (const [id, outcome] of result.outcomes) {
        entry.outcomes.set(id, outcome);
        if (!entry.covered.includes(id)) entry.covered.push(id);
      }
    }
  }
  return [...tried];
}

/** Which mutants may be tried on a fresh load: those inside the focus, if one is given. */
export function inFocus(
  byId: ReadonlyMap<number, Mutant>,
  focus: CodeRange[] | null,
): (id: number) => boolean {
  return (id) => {
    const m = byId.get(id);
    return (
      !!m &&
      (!focus || focus.some((r) => r.file === m.file && m.line >= r.line && m.line <= r.endLine))
    );
  };
}

/**
 * The runner's wrapper that loads a test file afresh under each static mutant in turn: one
 * block per mutant, which Attest's environment switches on while the block loads the file and
 * while each of its tests runs (jest-environment.ts switchStatic).
 */
function staticWrapper(base: string, ids: number[]): string {
  return `// Attest's runner: the static mutants of ${base}, each on a fresh load of it.
for (const id of ${JSON.stringify(ids)}) {
  describe(\`${STATIC_BLOCK}\${id}\`, () => {
    try {
      jest.isolateModules(() => require(${JSON.stringify(`./${base}`)}));
    } catch (error) {
      it(${JSON.stringify(LOAD_ERROR)}, () => {
        throw error;
      });
    }
  });
}
`;
}
