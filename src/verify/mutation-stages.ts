import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KilledMutant } from '../core/verdict';
import { SourceParser, languageOf } from '../understand/source-parser';
import { runCandidates } from './candidate-runs';
import type { MutantOutcome, MutationResults, TestMutation } from './jest-execution';
import { instrument, type Mutant } from './mutant-instrumenter';
import { RunnerWorkspace } from './runner-workspace';
import { VerdictLedger, keyOf, splitKey } from './verdict-ledger';
import type { CodeRange, RunnerLimits, RunOptions, VerifyRequest } from './verify-candidates';

export interface MutationState {
  all: Mutant[];
  byId: Map<number, Mutant>;
  instrumented: RunnerWorkspace | null;
  results: MutationResults;
}

export async function mutationStage(
  request: VerifyRequest,
  ledger: VerdictLedger,
  options: RunOptions,
  limits: RunnerLimits,
): Promise<MutationState> {
  const state: MutationState = { all: [], byId: new Map(), instrumented: null, results: new Map() };
  const files = ledger.standingFiles();
  if (files.length === 0) return state;
  const workspace = await RunnerWorkspace.create(
    request.root,
    request.files,
    request.candidateTexts,
  );
  state.instrumented = workspace;
  const parser = new SourceParser();
  for (const file of request.codeFiles) {
    const language = languageOf(file);
    if (!language) continue;
    const text = await fs.readFile(path.join(request.root, file), 'utf8');
    const result = instrument(text, file, language, parser, state.all.length + 1);
    state.all.push(...result.mutants);
    await workspace.writeFile(file, result.text);
  }
  for (const m of state.all) state.byId.set(m.id, m);
  const mutationOptions = {
    ...options,
    workspace: workspace.root,
    cacheDirectory: workspace.jestCache,
    mutation: { perMutantTimeoutMs: limits.perMutantTimeoutMs },
  };
  const runs = await runCandidates(files, mutationOptions);
  state.results = runs.mutation;
  await recheckTimeouts(state, files, mutationOptions);
  await tryStaticMutants(
    state.results,
    runs.loaded,
    (file) => staticCandidates(state.byId, request.focus && (request.focus[file] ?? [])),
    workspace,
    mutationOptions,
  );
  for (const entry of ledger.standing()) {
    const result = state.results.get(keyOf(entry.file, entry.name));
    const killed = detected(result).map(([id, by]) => toKilled(state.byId.get(id)!, by));
    ledger.update(entry.file, entry.name, {
      killedMutants: killed,
      reachedMutants: [...(result?.covered ?? [])],
    });
    if (killed.some((k) => k.by === 'assertion')) continue;
    const reached = result?.covered.length ?? 0;
    const fileRun = runs.byFile.get(entry.file);
    ledger.reject(entry.file, entry.name, 'mutation', [
      fileRun?.status === 'failed'
        ? `its mutation run did not finish, so no mutant could be tried: ${fileRun.reason}`
        : reached === 0
          ? 'its run reaches no code that Attest can mutate, so it checks none of it.'
          : `it kills none of the ${reached} mutants its run reaches${crashed(killed) ? ` (${crashed(killed)} made the code throw, which a test with no assertion would also notice)` : ''}: its assertions do not depend on what the code computes.`,
    ]);
  }
  return state;
}

/**
 * Static mutants: code that runs while a test file loads its module (a default that a factory
 * builds at load) is past changing when a test runs, so switching its mutant then proves
 * nothing. As Stryker does, each test file whose loading reached such mutants is loaded afresh
 * (jest.isolateModules) once per mutant, with the mutant on from the start, and all its tests
 * run; the outcomes join the file's own. Module data is never among them: it records no
 * coverage (see Mutant.inFunction).
 */
async function tryStaticMutants(
  results: MutationResults,
  loaded: Map<string, number[]>,
  eligibleIn: (testFile: string) => (id: number) => boolean,
  workspace: RunnerWorkspace,
  options: Parameters<typeof runCandidates>[1] & { mutation: { perMutantTimeoutMs: number } },
): Promise<void> {
  const wrappers: string[] = [];
  for (const [file, ids] of loaded) {
    const tests = resultsOf(results, file);
    const reachedInTests = new Set(tests.flatMap((r) => r.covered));
    const eligible = eligibleIn(file);
    const only = ids.filter((id) => eligible(id) && !reachedInTests.has(id));
    if (only.length === 0 || tests.length === 0) continue;
    // The environment records the outcomes under the wrapped file (runtime/attest-environment.js).
    const wrapper = `${file}${STATIC_WRAPPER}`;
    await workspace.writeFile(
      wrapper,
      staticWrapper(path.posix.basename(file), only, options.mutation.perMutantTimeoutMs),
    );
    wrappers.push(wrapper);
  }
  if (wrappers.length === 0) return;
  const run = await runCandidates(wrappers, {
    ...options,
    mutation: { ...options.mutation, static: true },
  });
  for (const [key, result] of run.mutation) {
    const { file, name } = splitKey(key);
    // The mutant broke the loading itself: every test of the file would notice.
    const targets =
      name === LOAD_ERROR
        ? resultsOf(results, file)
        : [results.get(key)].filter((r) => r !== undefined);
    for (const entry of targets) {
      for (const [id, outcome] of result.outcomes) {
        entry.outcomes.set(id, outcome);
        if (!entry.covered.includes(id)) entry.covered.push(id);
      }
    }
  }
}

/** The results of one test file's tests. */
function resultsOf(results: MutationResults, file: string): TestMutation[] {
  return [...results].filter(([key]) => splitKey(key).file === file).map(([, r]) => r);
}

/** Which mutants may be tried on a fresh load: those inside the focus, if one is given. */
function staticCandidates(
  byId: Map<number, Mutant>,
  focus: CodeRange[] | undefined,
): (id: number) => boolean {
  return (id) => {
    const m = byId.get(id);
    return (
      !!m &&
      (!focus || focus.some((r) => r.file === m.file && m.line >= r.line && m.line <= r.endLine))
    );
  };
}

const STATIC_WRAPPER = '.attest-static.test.js';
const LOAD_ERROR = 'attest: loading the file failed';

/** The runner's wrapper that loads a test file afresh under each static mutant in turn. */
function staticWrapper(base: string, ids: number[], perMutantMs: number): string {
  return `// Attest's runner: the static mutants of ${base}, each on a fresh load of it.
const g = globalThis;
const begin = (id) => {
  g.__attestActiveMutant = id;
  g.__attestDeadline = Date.now() + ${perMutantMs};
  g.__attestSteps = 0;
  g.__attestLoopTurns = 0;
};
const end = () => {
  g.__attestActiveMutant = 0;
  g.__attestDeadline = 0;
};
for (const id of ${JSON.stringify(ids)}) {
  describe(\`attest-static:\${id}\`, () => {
    begin(id);
    try {
      jest.isolateModules(() => require(${JSON.stringify(`./${base}`)}));
    } catch (error) {
      it(${JSON.stringify(LOAD_ERROR)}, () => {
        throw error;
      });
    } finally {
      end();
    }
    beforeEach(() => begin(id));
    afterEach(end);
  });
}
`;
}

/**
 * A mutant's timeout stands only if it times out again with four times the time: most short
 * timeouts are a pause of the machine, not a mutant that loops. (An `endless` loop, counted in
 * turns, needs no re-check.)
 */
async function recheckTimeouts(
  state: MutationState,
  files: string[],
  options: Parameters<typeof runCandidates>[1],
): Promise<void> {
  const timedOut = new Set<number>();
  // Only the files with a timeout run again: the others would only repeat their tests.
  const withTimeout = new Set<string>();
  for (const [key, result] of state.results) {
    for (const [id, o] of result.outcomes) {
      if (o !== 'timeout') continue;
      timedOut.add(id);
      withTimeout.add(splitKey(key).file);
    }
  }
  if (timedOut.size === 0) return;
  const again = await runCandidates(
    files.filter((f) => withTimeout.has(f)),
    {
      ...options,
      mutation: { ...options.mutation!, slowdown: 4, only: [...timedOut] },
    },
  );
  for (const [key, result] of state.results) {
    const recheck = again.mutation.get(key);
    for (const [id, outcome] of result.outcomes) {
      if (outcome !== 'timeout') continue;
      result.outcomes.set(id, recheck?.outcomes.get(id) ?? 'survived');
    }
  }
}

export async function addedValueStage(
  request: VerifyRequest,
  ledger: VerdictLedger,
  options: RunOptions,
  limits: RunnerLimits,
  mutation: MutationState,
): Promise<void> {
  try {
    if (
      !mutation.instrumented ||
      request.existingTests.length === 0 ||
      ledger.standing().length === 0
    )
      return;
    const suiteOptions = {
      ...options,
      workspace: mutation.instrumented.root,
      cacheDirectory: mutation.instrumented.jestCache,
      mutation: { perMutantTimeoutMs: limits.perMutantTimeoutMs },
    };
    const suite = await runCandidates(request.existingTests, suiteOptions);
    const anyFocus = request.focus && Object.values(request.focus).flat();
    await tryStaticMutants(
      suite.mutation,
      suite.loaded,
      () => staticCandidates(mutation.byId, anyFocus),
      mutation.instrumented,
      suiteOptions,
    );
    const suiteKilled = new Set<number>();
    const suiteCovered = new Set<number>();
    for (const result of suite.mutation.values()) {
      for (const id of result.covered) suiteCovered.add(id);
      for (const [id] of detected(result)) suiteKilled.add(id);
    }
    for (const entry of ledger.standing()) {
      const result = mutation.results.get(keyOf(entry.file, entry.name));
      const killed = detected(result).map(([id]) => id);
      const newKills = killed.filter((id) => !suiteKilled.has(id));
      const newReach = (result?.covered ?? []).filter((id) => !suiteCovered.has(id));
      if (newKills.length === 0 && newReach.length === 0) {
        ledger.reject(entry.file, entry.name, 'added-value', [
          `the repository's own tests already kill all ${killed.length} mutants it kills and reach all the code it reaches: it is redundant.`,
        ]);
      }
    }
  } finally {
    await mutation.instrumented?.dispose();
  }
}

/** How many of the mutants a test noticed only made the code throw. */
function crashed(killed: KilledMutant[]): number {
  return killed.filter((k) => k.by === 'error').length;
}

const DETECTED_BY: Partial<Record<MutantOutcome, KilledMutant['by']>> = {
  killed: 'assertion',
  crashed: 'error',
  timeout: 'timeout',
  endless: 'timeout',
};

/** The mutants that made this test fail, each with how: any of them turns the test red. */
function detected(
  result: { outcomes: Map<number, MutantOutcome> } | undefined,
): [number, KilledMutant['by']][] {
  return [...(result?.outcomes ?? [])].flatMap(([id, outcome]) => {
    const by = DETECTED_BY[outcome];
    return by ? [[id, by] as [number, KilledMutant['by']]] : [];
  });
}

function toKilled(m: Mutant, by: KilledMutant['by']): KilledMutant {
  return {
    id: m.id,
    file: m.file,
    line: m.line,
    mutator: m.mutator,
    replacement: m.replacement,
    by,
  };
}
