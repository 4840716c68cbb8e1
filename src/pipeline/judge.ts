import type { Candidate } from '../core/candidate';
import type { FilteredMutant, Mutant, StatementCoverage } from '../core/mutant';
import type { RepoSnapshot } from '../core/repo-snapshot';
import type { Target } from '../core/target';
import type {
  CoverageRequest,
  DeliveryCheck,
  DeliveryCheckRequest,
  DependencySource,
  RunnerLimits,
  RunnerSettings,
  RunnerStep,
  SuiteStatus,
  VerifyRequest,
  VerifyResult,
  SnapshotRef,
  Containment,
} from '../core/verification';
import type { Verdict } from '../core/verdict';
import type { Understanding } from '../understand/understand-repo';
import { measureCoverage } from '../verify/coverage-run';
import { checkDelivery } from '../verify/delivery-check';
import { verifyCandidates } from '../verify/verification';
import type { ProgressListener } from './progress';

/** Where a job's tests run: the gates, and the coverage run of the kept tests. */
export interface RunnerAccess {
  /** `onProgress` hears the runner's long steps: its gates, the repository's suite file by file. */
  verify(request: VerifyRequest, onProgress?: (step: RunnerStep) => void): Promise<VerifyResult>;
  measure(request: CoverageRequest): Promise<StatementCoverage>;
  /** The tests to deliver, run by the repository's own runner (the delivery check). */
  check(request: DeliveryCheckRequest): Promise<DeliveryCheck>;
}

/** The runner in this process (the CLI), with the runner's own settings. */
export function inProcessRunner(settings: RunnerSettings): RunnerAccess {
  return {
    verify: (request, onProgress) => verifyCandidates(request, settings, onProgress),
    measure: (request) => measureCoverage(request, settings),
    check: (request) => checkDelivery(request, settings),
  };
}

/** The runner for one job's snapshot: candidates in, verdicts out; it remembers the mutants it made. */
export interface JobJudge {
  judge(candidates: Candidate[]): Promise<Verdict[]>;
  /** Every mutant of the code; mutant switching numbers them the same way in every batch. */
  mutants(): Mutant[];
  /** The mutants never made, being equivalent by construction. */
  filteredMutants(): FilteredMutant[];
  /** The statements of the code that these test files (path → text) execute. */
  coverage(tests: ReadonlyMap<string, string>): Promise<StatementCoverage>;
  /** How the runner contained the code it ran; null before the first verification. */
  containment(): Containment | null;
  /** How the last verification got the repository's dependencies; null before the first. */
  dependencies(): DependencySource | null;
  /** The repository's suite as the added-value gate last saw it; null when no gate needed it. */
  suite(): SuiteStatus | null;
  /** These files (path → text), run by the repository's own runner before delivery. */
  check(tests: ReadonlyMap<string, string>): Promise<DeliveryCheck>;
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
  runner: RunnerAccess,
  limits: Partial<RunnerLimits> = {},
  progress: ProgressListener = () => {},
): JobJudge {
  let batch = 0;
  let mutants: Mutant[] = [];
  let filtered: FilteredMutant[] = [];
  let dependencies: DependencySource | null = null;
  let containment: Containment | null = null;
  let suite: SuiteStatus | null = null;
  const tests = understanding.tests.map((t) => t.file);
  const snapshotRef: SnapshotRef = {
    root: snapshot.root,
    files: snapshot.files.map((f) => f.path),
    ...(understanding.scope ? { package: understanding.scope } : {}),
  };
  const code = understanding.parsedFiles.map((f) => f.file).filter((f) => !tests.includes(f));
  const byId = new Map(targets.map((t) => [t.id, t]));
  const targetOf = (candidate: Candidate): Target => {
    const target = byId.get(candidate.targetId);
    if (!target)
      throw new Error(`candidate ${candidate.id} names target ${candidate.targetId}, not planned`);
    return target;
  };
  return {
    mutants: () => mutants,
    filteredMutants: () => filtered,
    check: (texts) =>
      runner.check({
        ...snapshotRef,
        tests: texts,
        dialect: understanding.dialect,
        limits,
      }),
    dependencies: () => dependencies,
    containment: () => containment,
    suite: () => suite,
    coverage: (texts) =>
      runner.measure({
        ...snapshotRef,
        tests: texts,
        limits,
        // The report measures the targets' code only; converting V8's counts costs per file.
        codeFiles: [...new Set(targets.map((t) => t.symbol.file))],
      }),
    async judge(candidates) {
      progress({
        type: 'progress',
        stage: 'verify',
        message: `batch ${(batch += 1)}: ${candidates.length} candidate files`,
      });
      const files = new Set(candidates.map((c) => c.file));
      const result = await runner.verify(
        {
          ...snapshotRef,
          codeFiles: code,
          candidates: candidates.map((c) => {
            const target = targetOf(c);
            return {
              candidateId: c.id,
              target: c.targetId,
              origin: c.origin,
              file: c.file,
              text: c.text,
              focus: target.codeLines.map((r) => ({ file: target.symbol.file, ...r })),
              ...(c.survivors ? { survivors: c.survivors } : {}),
            };
          }),
          existingTests: tests.filter((f) => !files.has(f)),
          packageName: understanding.entry.name,
          limits,
        },
        (step) => progress({ type: 'progress', stage: 'verify', ...step }),
      );
      for (const v of result.verdicts)
        progress({
          type: 'verdict',
          stage: 'verify',
          message: `${v.status}${v.gate ? ` by ${v.gate}` : ''}: ${v.file} > ${v.name}`,
          target: v.target ?? '',
          test: `${v.file} > ${v.name}`,
          status: v.status,
          ...(v.gate ? { gate: v.gate, reason: v.reasons[0] ?? '' } : {}),
        });
      if (result.mutants.length) {
        mutants = result.mutants;
        filtered = result.filteredMutants;
      }
      dependencies = result.dependencies;
      containment = result.containment;
      // Static mutants are tried as foci ask for them: the suite's kills grow batch by batch.
      if (result.suite)
        suite = {
          ...result.suite,
          killed: [...new Set([...(suite?.killed ?? []), ...result.suite.killed])],
        };
      return result.verdicts;
    },
  };
}
