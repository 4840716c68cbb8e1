import type { Candidate } from '../core/candidate';
import type { RepoSnapshot } from '../core/repo-snapshot';
import type { Target } from '../core/target';
import type { Verdict } from '../core/verdict';
import type { Understanding } from '../understand/understand-repo';
import { measureCoverage, type CoverageRequest } from '../verify/coverage-run';
import type { StatementCoverage } from '../verify/jest-execution';
import type { Mutant } from '../verify/mutant-instrumenter';
import type { IsRepoModule } from '../verify/static-gate';
import {
  verifyCandidates,
  type RunnerLimits,
  type VerifyRequest,
  type VerifyResult,
} from '../verify/verify-candidates';

/**
 * Runs the gates on a request: in this process by default, or through the service's runner
 * queue. `packageName` is what `request.isRepoModule` was built from, for a runner elsewhere,
 * which receives data and no function.
 */
export type Verifier = (
  request: VerifyRequest,
  packageName: string | null,
) => Promise<VerifyResult>;

/** Where the runner measures the kept tests' coverage: in this process, or through the runner queue. */
export type CoverageMeter = (request: CoverageRequest) => Promise<StatementCoverage>;

/** Where a job's tests run: the gates, and the coverage run of the kept tests. */
export interface RunnerAccess {
  verify: Verifier;
  measure: CoverageMeter;
}

export const IN_PROCESS: RunnerAccess = {
  verify: (request) => verifyCandidates(request),
  measure: (request) => measureCoverage(request),
};

/** The runner for one job's snapshot: candidates in, verdicts out; it remembers the mutants it made. */
export interface JobJudge {
  judge(candidates: Candidate[]): Promise<Verdict[]>;
  /** Every mutant of the code; mutant switching numbers them the same way in every batch. */
  mutants(): Mutant[];
  /** The statements of the code that these test files (path → text) execute. */
  coverage(tests: ReadonlyMap<string, string>): Promise<StatementCoverage>;
}

/** A specifier that reaches the repository's own code: relative, or through the package's own name. */
export function repoModuleMatcher(packageName: string | null): IsRepoModule {
  return (specifier) =>
    specifier.startsWith('.') ||
    (packageName !== null &&
      (specifier === packageName || specifier.startsWith(`${packageName}/`)));
}

/**
 * Passes candidates to the independent runner as text, with the snapshot; the runner writes
 * them into its own copies, never into the repository. A candidate that replaces a file of the
 * repository (a test Attest wrote on an earlier run) stands in for it.
 */
export function jobJudge(
  snapshot: RepoSnapshot,
  understanding: Understanding,
  targets: Target[],
  limits: Partial<RunnerLimits> = {},
  onBatch: (candidates: Candidate[]) => void = () => {},
  runner: RunnerAccess = IN_PROCESS,
): JobJudge {
  let mutants: Mutant[] = [];
  const tests = understanding.tests.map((t) => t.file);
  const code = understanding.parsedFiles.map((f) => f.file).filter((f) => !tests.includes(f));
  const byId = new Map(targets.map((t) => [t.id, t]));
  /** Each candidate's focus: the code of its target. */
  const focusOf = (candidates: Candidate[]) =>
    Object.fromEntries(
      candidates.map((c) => {
        const target = byId.get(c.targetId);
        return [c.file, target?.codeLines.map((r) => ({ file: target.symbol.file, ...r })) ?? []];
      }),
    );
  return {
    mutants: () => mutants,
    coverage: (texts) =>
      runner.measure({
        root: snapshot.root,
        files: snapshot.files.map((f) => f.path),
        tests: texts,
        limits,
        // The report measures the targets' code only; converting V8's counts costs per file.
        codeFiles: [...new Set(targets.map((t) => t.symbol.file))],
      }),
    async judge(candidates) {
      onBatch(candidates);
      const texts = new Map(candidates.map((c) => [c.file, c.text]));
      const result = await runner.verify(
        {
          root: snapshot.root,
          files: [...new Set([...snapshot.files.map((f) => f.path), ...texts.keys()])],
          codeFiles: code,
          candidates: [...texts.keys()],
          candidateTexts: texts,
          existingTests: tests.filter((f) => !texts.has(f)),
          isRepoModule: repoModuleMatcher(understanding.entry.name),
          limits,
          focus: focusOf(candidates),
        },
        understanding.entry.name,
      );
      if (result.mutants.length) mutants = result.mutants;
      return result.verdicts;
    },
  };
}
