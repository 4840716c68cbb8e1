import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { FilteredMutant, Mutant, MutantOutcome } from '../core/mutant';
import {
  DEFAULT_LIMITS,
  type RunnerLimits,
  type CandidateFile,
  type RunnerSettings,
  type VerifyRequest,
  type VerifyResult,
} from '../core/verification';
import { GATES, type Gate } from '../core/verdict';
import { SourceParser, languageOf } from '../understand/source-parser';
import type { CandidateRunOptions } from './candidate-runs';
import { AddedValueGate } from './gates/added-value-gate';
import { CompileGate } from './gates/compile-gate';
import type { VerificationGate } from './gates/gate';
import { HollowGate } from './gates/hollow-gate';
import { MutationGate } from './gates/mutation-gate';
import { PassGate } from './gates/pass-gate';
import { StableGate } from './gates/stable-gate';
import { StaticGate } from './gates/static-gate';
import { markSubjects } from './mutation/assertion-subjects';
import { instrument } from './mutation/instrument';
import { globalsNonce } from './mutation/protocol';
import { suiteBaseline } from './mutation/suite-baseline';
import { isolation } from './isolation';
import { RunnerCopies } from './runner-copies';
import type { RunnerWorkspace } from './runner-workspace';
import { repoModuleMatcher } from './static/repo-bindings';
import { VerdictCache, type ReusedTest } from './verdict-cache';
import { VerdictLedger } from './verdict-ledger';
import { TestMap } from '../core/test-map';
import { testRunnerFor } from './vitest-execution';
import type { MutatedCopy, SuiteBaseline, VerificationContext } from './verification-context';
import type { RunnerStep } from '../core/verification';

/** The gates, in the order they judge a test (core's GATES). */
const GATE_ORDER: readonly VerificationGate[] = [
  new StaticGate(),
  new CompileGate(),
  new PassGate(),
  new StableGate(),
  new HollowGate(),
  new MutationGate(),
  new AddedValueGate(),
];

/**
 * One verification: it owns every copy of the repository it makes and the one install of the
 * repository's dependencies they all link to (RunnerCopies), runs the gates in order over one
 * context, and removes everything in `dispose()`, on every path. The same snapshot, candidates and seeds
 * give the same verdicts.
 */
export class Verification {
  private copies: RunnerCopies | null = null;
  private mutated: Promise<MutatedCopy> | null = null;
  private baseline: Promise<SuiteBaseline> | null = null;
  /** Who runs the tests: the repository's own vitest, or Attest's Jest (testRunnerFor). */
  private runner: 'jest' | 'vitest' = 'jest';
  private readonly limits: RunnerLimits;

  constructor(
    private readonly request: VerifyRequest,
    private readonly settings: RunnerSettings,
    private readonly onProgress: (step: RunnerStep) => void = () => {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...request.limits };
  }

  /** Judges the request's candidates, and disposes of everything it made. */
  static async run(
    request: VerifyRequest,
    settings: RunnerSettings,
    onProgress?: (step: RunnerStep) => void,
  ): Promise<VerifyResult> {
    const verification = new Verification(request, settings, onProgress);
    try {
      return await verification.judge();
    } finally {
      await verification.dispose();
    }
  }

  private async judge(): Promise<VerifyResult> {
    const { request } = this;
    const copies = (this.copies = await RunnerCopies.open(request, this.settings));
    const texts = new Map(
      request.candidates.flatMap((c) => (c.text === null ? [] : [[c.file, c.text] as const])),
    );
    const workspace = await copies.copy(texts);
    this.runner = testRunnerFor(request.root, workspace.root, request.package);
    // The pass run and the stable runs share one HOME and TMPDIR: a test that leaves a file
    // there and reads it back fails on its second run, as on a developer's machine.
    const home = await copies.home();
    // What keys cached results by the install: with nothing to install, the key of the install
    // that never ran holds every file of the snapshot, which the results do not depend on.
    const installKey =
      copies.dependencies.source.status === 'none' ? 'none' : copies.dependencies.key;
    const context: VerificationContext = {
      request,
      limits: this.limits,
      ledger: new VerdictLedger(),
      parser: new SourceParser(),
      isRepoModule: repoModuleMatcher(request.packageName),
      workspace,
      options: { ...this.runOptions(workspace), home },
      findings: { testLines: new Map(), pass: null, mutation: null },
      progress: this.onProgress,
      mutatedCopy: () => (this.mutated ??= this.makeMutatedCopy(copies)),
      suiteBaseline: () =>
        (this.baseline ??= context
          .mutatedCopy()
          .then((copy) =>
            suiteBaseline(
              request,
              copy,
              installKey,
              this.settings.cacheDir,
              this.onProgress,
              reachedBy(context),
            ),
          )),
    };
    // Candidates whose verdicts an earlier verification of the same inputs found skip the gates
    // up to the mutation gate; the added-value gate judges them with the rest.
    const reuse = this.settings.cacheDir
      ? new VerdictCache(
          request,
          path.join(this.settings.cacheDir, 'verdicts'),
          installKey,
          isolation().how,
          context.parser,
        )
      : null;
    const reused = new Map<string, ReusedTest[]>();
    for (const candidate of reuse ? request.candidates : []) {
      const tests = await reuse!.read(candidate, () =>
        context.mutatedCopy().then((c) => c.mutants),
      );
      if (tests) reused.set(candidate.file, tests);
    }
    const fresh = request.candidates.filter((c) => !reused.has(c.file));
    const early: VerificationContext = { ...context, request: { ...request, candidates: fresh } };
    const timings = Object.fromEntries(GATES.map((g) => [g, 0])) as Record<Gate, number>;
    for (const [i, gate] of GATE_ORDER.entries()) {
      const last = i === GATE_ORDER.length - 1;
      if (last) {
        if (reuse) await this.keep(reuse, fresh, context);
        restore(context, reused);
      }
      this.onProgress({
        message:
          i === 0
            ? `gate ${gate.name}: ${fresh.length} candidate files${reused.size ? ` (${reused.size} more judged before, reused)` : ''}`
            : `gate ${gate.name}: ${context.ledger.standing().length} tests standing`,
        done: i,
        total: GATE_ORDER.length,
      });
      const start = Date.now();
      await gate.judge(last ? context : early);
      timings[gate.name] += Date.now() - start;
    }
    if (request.measureSuite) await context.suiteBaseline();
    const mutated = this.mutated ? await this.mutated : null;
    const order = new Map(request.candidates.map((c, i) => [c.file, i]));
    return {
      verdicts: context.ledger
        .verdicts()
        .sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0)),
      mutants: mutated?.mutants ?? [],
      filteredMutants: mutated?.filtered ?? [],
      mutantRuns: countRuns(context),
      timings,
      dependencies: copies.dependencies.source,
      suiteCache: this.baseline ? (await this.baseline).cache : 'none',
      containment: {
        sandboxed: isolation().level === 'sandbox',
        how: isolation().how,
        runner: this.runner,
      },
      suite: this.baseline
        ? await this.baseline.then(({ files, reused, unloadable, killed, runMs, staticMs }) => ({
            files,
            reused,
            unloadable,
            killed: [...killed],
            runMs,
            staticMs,
          }))
        : null,
    };
  }

  /**
   * Keeps the verdicts of the candidates judged afresh, as the gates before added value left
   * them; not those of a file whose run did not finish (a crash), nor of one a time limit
   * rejected, which a busy machine can cause and a later verification may not repeat.
   */
  private async keep(
    reuse: VerdictCache,
    fresh: CandidateFile[],
    { ledger, findings }: VerificationContext,
  ): Promise<void> {
    const mutants = this.mutated ? (await this.mutated).mutants : [];
    for (const candidate of fresh) {
      const runs = [
        findings.pass?.byFile.get(candidate.file),
        findings.mutation?.runs.byFile.get(candidate.file),
      ];
      if (runs.some((run) => run?.status === 'failed')) continue;
      const tests = ledger.verdicts().filter((v) => v.file === candidate.file);
      if (tests.some((v) => v.status === 'rejected' && TIME_LIMIT.test(v.reasons.join(' '))))
        continue;
      await reuse.write(
        candidate,
        tests.map((verdict) => ({
          verdict,
          mutation: findings.mutation?.results.get(verdict) ?? null,
        })),
        mutants,
      );
    }
  }

  private runOptions(workspace: RunnerWorkspace): CandidateRunOptions {
    return {
      runner: this.runner,
      ...(this.request.package ? { packageDir: this.request.package } : {}),
      workspace: workspace.root,
      cacheDirectory: workspace.jestCache,
      timeoutMs: this.limits.runTimeoutMs,
      testTimeoutMs: this.limits.testTimeoutMs,
      memoryMb: this.limits.memoryMb,
    };
  }

  /** The copy whose code carries every mutant, numbered the same way in every verification. */
  private async makeMutatedCopy(copies: RunnerCopies): Promise<MutatedCopy> {
    const parser = new SourceParser();
    const texts = new Map<string, string>();
    const mutants: Mutant[] = [];
    const filtered: FilteredMutant[] = [];
    // Names the runner's globals in this copy, so that no test can name them in its source.
    const nonce = globalsNonce();
    // Each candidate's assertions report a throw in their subjects (assertion-subjects.ts).
    for (const c of this.request.candidates) {
      const language = languageOf(c.file);
      const text = c.text ?? (await fs.readFile(path.join(this.request.root, c.file), 'utf8'));
      texts.set(c.file, language ? markSubjects(text, language, parser, nonce) : text);
    }
    for (const file of this.request.codeFiles) {
      const language = languageOf(file);
      if (!language) continue;
      const text = await fs.readFile(path.join(this.request.root, file), 'utf8');
      const result = instrument(text, file, language, parser, mutants.length + 1, nonce);
      mutants.push(...result.mutants);
      filtered.push(...result.filtered);
      texts.set(file, result.text);
    }
    const workspace = await copies.copy(texts);
    return {
      workspace,
      mutants,
      filtered,
      byId: new Map(mutants.map((m) => [m.id, m])),
      options: {
        ...this.runOptions(workspace),
        mutation: {
          perMutantTimeoutMs: this.limits.perMutantTimeoutMs,
          nonce,
          code: [...new Set(mutants.map((m) => m.file))],
        },
      },
    };
  }

  async dispose(): Promise<void> {
    await this.copies?.dispose();
  }
}

/** A time limit's words: Attest's for a run (failedRun), Jest's and vitest's for a test. */
const TIME_LIMIT = /did not finish within|Exceeded timeout|Test timed out/i;

/** The mutants the standing candidates' runs reached (none before the mutation gate). */
function reachedBy(context: VerificationContext): Set<number> {
  const reached = new Set<number>();
  for (const test of context.ledger.standing())
    for (const id of context.findings.mutation?.results.get(test)?.covered ?? []) reached.add(id);
  return reached;
}

/** Puts the reused tests in the ledger and their mutation results beside the fresh ones. */
function restore(context: VerificationContext, reused: ReadonlyMap<string, ReusedTest[]>): void {
  if (reused.size === 0) return;
  const findings = context.findings;
  findings.mutation ??= {
    results: new TestMap(),
    runs: { byFile: new Map(), mutation: new TestMap(), loaded: new Map(), alone: true },
  };
  for (const tests of reused.values())
    for (const { verdict, mutation } of tests) {
      context.ledger.restore(verdict);
      if (mutation) findings.mutation.results.set(verdict, mutation);
    }
}

function countRuns(context: VerificationContext): Record<MutantOutcome, number> {
  const runs: Record<MutantOutcome, number> = {
    killed: 0,
    presence: 0,
    crashed: 0,
    survived: 0,
    timeout: 0,
    endless: 0,
  };
  for (const r of context.findings.mutation?.results.values() ?? [])
    for (const o of r.outcomes.values()) runs[o] += 1;
  return runs;
}

/** Judges candidate tests through every gate (see Verification); `onProgress` hears the long steps. */
export function verifyCandidates(
  request: VerifyRequest,
  settings: RunnerSettings,
  onProgress?: (step: RunnerStep) => void,
): Promise<VerifyResult> {
  return Verification.run(request, settings, onProgress);
}
