/** One change to the code that a good test should notice. */
export interface Mutant {
  /** Numbered in the order the instrumenter meets them: the same code gives the same ids. */
  id: number;
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  /**
   * Inside a function's body (or a class's). One outside is module data (a table of strings),
   * run once when the module loads and outside every target's code: it is made, so that the
   * instrumented copy stays whole, but never tried. A mutant in a function that only loading
   * reached (a default that a factory builds at load) is tried on a fresh load of the test file.
   */
  inFunction: boolean;
  /**
   * Set on a mutant that empties a whole function (its body, or an arrow's result): any
   * assertion that the function returned something notices it (`toBeDefined()`), so it counts
   * in the score but cannot alone earn a test its place.
   */
  coarse?: true;
}

/** A mutant never made because it is equivalent by construction, and the rule that says so. */
export interface FilteredMutant {
  file: string;
  line: number;
  rule: string;
}

/**
 * What one mutant did to one test run with it switched on. `timeout`: past the mutant's
 * deadline (re-checked); `endless`: a loop past the turn limit; `crashed`: the code threw
 * outside any assertion's subject; `killed`: an assertion failed, or the code threw while an
 * assertion's subject was computed; `presence`: an assertion that only checks that a value is
 * there failed (toBeDefined, toBeTruthy, a bare toThrow()).
 */
export type MutantOutcome = 'killed' | 'presence' | 'crashed' | 'survived' | 'timeout' | 'endless';

/** Per code file (relative to the repository), the line each statement starts on and whether a test ran it. */
export type StatementCoverage = Map<string, { line: number; covered: boolean }[]>;

/** Lines of a file, both ends included. */
export interface CodeRange {
  file: string;
  line: number;
  endLine: number;
}
