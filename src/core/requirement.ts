/** A stated result: a value as written, or a throw. */
export type Expectation =
  | {
      kind: 'value';
      text: string;
      approximate: boolean;
      /**
       * The result read as the text the docs printed, a string literal: set when the docs
       * wrote it unquoted (`// => green_fish`) or quoted with escapes that only printed output
       * has (`'\[a\]'`). It holds where the code's type says string (see groundExamples).
       */
      asPrinted?: string;
      /** The docs wrote the result unquoted: with no string type, it states nothing. */
      unquoted?: true;
    }
  | { kind: 'throws'; errorType: string | null; message: string | null };

/** How the repository's own package name binds a local name in an example. */
export interface ExampleImport {
  local: string;
  /** The module specifier as written (`camelcase`, `./src/index`). */
  from: string;
  /** `default`, `*` for a namespace, or the imported name. */
  imported: string;
}

/** A call with its stated result, read from docs or JSDoc. */
export interface Example {
  /** The call expression as written, e.g. `camelCase('foo-bar')`. */
  call: string;
  /** The called name as written: `camelCase`, `R.add`. */
  callee: string;
  /**
   * Names the call reaches inside it, called or passed, in order: `prettyBytes` in
   * `[1, 2].map((b) => prettyBytes(b))`, `compareVersions` in `versions.sort(compareVersions)`.
   * The subject of the example when the callee itself is not the repository's.
   */
  inner?: string[];
  expected: Expectation;
  /** Statements that the call depends on, in order (not imports). */
  setup: string[];
  imports: ExampleImport[];
  /** Line in the requirement's file, 1-based. */
  line: number;
  /** Set when the callee resolves to a symbol of the repository. */
  symbolId: string | null;
}

export type RequirementSource = 'markdown' | 'jsdoc' | 'gherkin';

/** A call the docs show with a result that Attest could not read, and why. */
export interface SkippedExample {
  call: string;
  line: number;
  reason: string;
}

/** A passage that says what the code must do. */
export interface Requirement {
  /** Stable for unchanged text; an id the docs write themselves is kept as it is. */
  id: string;
  source: RequirementSource;
  file: string;
  line: number;
  endLine: number;
  headingPath: string[];
  text: string;
  examples: Example[];
  /** Calls shown with a result that could not be read, each with why: counted, never silent. */
  skippedExamples?: SkippedExample[];
  /** For JSDoc: the symbol it documents. */
  symbolId: string | null;
  /** For Gherkin: the Examples tables of a scenario outline. */
  tables: { header: string[]; rows: string[][] }[];
}
