import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { KilledMutant } from '../core/verdict';
import { SourceParser, languageOf } from '../understand/source-parser';
import { runCandidates } from './candidate-runs';
import type { MutantOutcome, MutationResults } from './jest-execution';
import { instrument, type Mutant } from './mutant-instrumenter';
import { RunnerWorkspace } from './runner-workspace';
import { VerdictLedger, keyOf } from './verdict-ledger';
import type { RunnerLimits, RunOptions, VerifyRequest } from './verify-candidates';

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
    mutation: { perMutantTimeoutMs: limits.perMutantTimeoutMs },
  };
  const runs = await runCandidates(files, mutationOptions);
  state.results = runs.mutation;
  await recheckTimeouts(state, files, mutationOptions);
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
 * A mutant's timeout stands only if it times out again with four times the time: most short
 * timeouts are a pause of the machine, not a mutant that loops.
 */
async function recheckTimeouts(
  state: MutationState,
  files: string[],
  options: Parameters<typeof runCandidates>[1],
): Promise<void> {
  const timedOut = new Set<number>();
  for (const result of state.results.values())
    for (const [id, o] of result.outcomes) if (o === 'timeout') timedOut.add(id);
  if (timedOut.size === 0) return;
  const again = await runCandidates(files, {
    ...options,
    mutation: { ...options.mutation!, slowdown: 4, only: [...timedOut] },
  });
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
    const suite = await runCandidates(request.existingTests, {
      ...options,
      workspace: mutation.instrumented.root,
      mutation: { perMutantTimeoutMs: limits.perMutantTimeoutMs },
    });
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
