import type { MutantOutcome } from '../../core/mutant';
import { TestMap } from '../../core/test-map';
import type { CandidateRuns } from '../candidate-runs';
import type { MutationResults } from '../jest-run';
import type { SuiteFailure } from '../verification-context';
import { detected } from './kills';

/**
 * One suite file's results, each mutant named as `M`: by id in a run, by MutantRef as the cache
 * keeps them (JSON). A mutant a test reached with no outcome was not tried there: another file
 * had already noticed it (each mutant's run stops at the first test that does).
 */
export interface SuiteEntryOf<M> {
  engine: string;
  tests: {
    name: string;
    covered: M[];
    outcomes: [M, MutantOutcome][];
    unrepeatable?: string;
  }[];
  /** The mutants loading the file reached, before its tests ran; null when it could not run. */
  loaded: M[] | null;
  /** Why the file could not run; null when it ran. */
  failure: string | null;
  /** How many tests it ran: none for a file in the tests' folder that the runner counts as no test (a setup file). */
  testCount: number;
  /** The static mutants already tried on fresh loads of it; a later focus tries only the rest. */
  staticTried: M[];
}

/** One suite file's results by mutant id. */
export type CachedSuiteFile = SuiteEntryOf<number>;

/** What is known of the repository's suite with the mutants, file by file, from runs and the cache. */
export class SuiteResults {
  readonly tests: MutationResults = new TestMap();
  readonly loaded = new Map<string, number[]>();
  private readonly failures = new Map<string, string>();
  private readonly testCounts = new Map<string, number>();
  private readonly staticTried = new Map<string, Set<number>>();

  /** A file's results as an earlier run left them. */
  restore(file: string, entry: CachedSuiteFile): void {
    for (const t of entry.tests)
      this.tests.set(
        { file, name: t.name },
        {
          covered: t.covered,
          outcomes: new Map(t.outcomes),
          ...(t.unrepeatable ? { unrepeatable: t.unrepeatable } : {}),
        },
      );
    if (entry.loaded) this.loaded.set(file, entry.loaded);
    if (entry.failure !== null) this.failures.set(file, entry.failure);
    this.testCounts.set(file, entry.testCount);
    this.staticTried.set(file, new Set(entry.staticTried));
  }

  /** A file's results for the cache. */
  entry(file: string, engine: string): CachedSuiteFile {
    return {
      engine,
      tests: [...this.tests.entries()].flatMap(([test, r]) =>
        test.file !== file
          ? []
          : [
              {
                name: test.name,
                covered: r.covered,
                outcomes: [...r.outcomes],
                ...(r.unrepeatable ? { unrepeatable: r.unrepeatable } : {}),
              },
            ],
      ),
      loaded: this.loaded.get(file) ?? null,
      failure: this.failures.get(file) ?? null,
      testCount: this.testCounts.get(file) ?? 0,
      staticTried: [...this.staticTriedIn(file)],
    };
  }

  /** A run of files not known before: their tests, what loading each reached, those that could not run. */
  absorb(run: CandidateRuns): void {
    for (const [test, result] of run.mutation.entries()) this.tests.set(test, result);
    for (const [file, ids] of run.loaded) this.loaded.set(file, ids);
    for (const [file, r] of run.byFile) {
      if (r.status === 'failed') this.failures.set(file, r.reason);
      else {
        this.failures.delete(file);
        this.testCounts.set(file, r.tests.length);
      }
    }
  }

  /** A run of known files with further mutants: their outcomes join the tests' own. */
  absorbMore(run: CandidateRuns): void {
    for (const [test, result] of run.mutation.entries()) {
      const known = this.tests.get(test);
      if (!known) this.tests.set(test, result);
      else for (const [id, outcome] of result.outcomes) known.outcomes.set(id, outcome);
    }
  }

  /** The mutants some test notices. */
  killed(): Set<number> {
    const ids = new Set<number>();
    for (const result of this.tests.values()) for (const [id] of detected(result)) ids.add(id);
    return ids;
  }

  /**
   * Per file outside `except`, the mutants that no test kills, which its tests reached but did
   * not try: the file that noticed them first no longer does.
   */
  untried(except: ReadonlySet<string>): Map<string, Set<number>> {
    const killed = this.killed();
    const untried = new Map<string, Set<number>>();
    for (const [test, r] of this.tests.entries()) {
      if (except.has(test.file) || r.unrepeatable) continue;
      for (const id of r.covered)
        if (!killed.has(id) && !r.outcomes.has(id))
          untried.set(test.file, (untried.get(test.file) ?? new Set()).add(id));
    }
    return untried;
  }

  staticTriedIn(file: string): ReadonlySet<number> {
    return this.staticTried.get(file) ?? new Set();
  }

  markStaticTried(files: string[], ids: number[]): void {
    for (const file of files)
      this.staticTried.set(file, new Set([...this.staticTriedIn(file), ...ids]));
  }

  /** The suite's files: those that ran a test or failed to load (a setup file in the tests' folder is no test). */
  suiteFiles(files: string[]): string[] {
    return files.filter((f) => this.failures.has(f) || (this.testCounts.get(f) ?? 0) > 0);
  }

  unloadable(files: string[]): SuiteFailure[] {
    return files.flatMap((file) => {
      const reason = this.failures.get(file);
      return reason === undefined ? [] : [{ file, reason }];
    });
  }
}
