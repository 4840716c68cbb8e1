import type { CodeSymbol } from './code-symbol';
import type { TestDialect } from './dialects/dialects';
import type { Example, Requirement, SkippedExample } from './requirement';

/** A requirement retrieved for a target, with why it was chosen. */
export interface GoverningRequirement {
  requirement: Requirement;
  /** `example`: it states a call of the target; `doc`: the target's own JSDoc; `retrieved`: the index ranked it. */
  reason: 'example' | 'doc' | 'retrieved';
  score: number;
}

/** One stated example that calls a target, with the requirement that states it. */
export interface GroundedExample {
  requirement: Requirement;
  example: Example;
  /**
   * The other places that state the same call with the same result (a translated README, the
   * JSDoc beside it): one test cites them all.
   */
  also?: { requirement: Requirement; line: number }[];
}

/** An example left out of a target's tests, with where it is stated and why. */
export interface UngroundedExample extends SkippedExample {
  requirementId: string;
  file: string;
}

/** How a test reaches a target: the import statement, and the name the test calls it by. */
export interface ImportLine {
  statement: string;
  /** The local name of the function or class the test uses. */
  local: string;
  /**
   * The package's entry module as the test imports it, for examples written through a
   * namespace that the docs never bind (Ramda's `R.add(2, 3)`); null without an entry.
   */
  entrySpecifier: string | null;
  /** The package's own name: an example's `import … from '<name>'` reaches the entry module. */
  packageName: string | null;
}

/**
 * A constructor parameter of the target's class: a collaborator a test hands the code, and the
 * declaration of its type from the index, which a mock must follow.
 */
export interface Collaborator {
  parameter: string;
  /** The parameter's type as written, or null. */
  type: string | null;
  /** The declarations its type names (interfaces, type aliases, classes), with where they are. */
  declarations: { name: string; file: string; line: number; text: string }[];
}

/**
 * A stated example that the code contradicts, found right after tier 0: a model is told not to
 * test it, and never shown the value the code gives, so that it cannot write a test that
 * agrees with the code against the requirement.
 */
export interface Dispute {
  requirementId: string;
  /** The call as the requirement writes it: `ordinal(11)`. */
  call: string;
  /** What the requirement says it gives. */
  expected: string;
}

/** A function, class or method that Attest writes tests for, with all a generator may use. */
export interface Target {
  /** The symbol's id (`file#Name`, `file#Class.method`). */
  id: string;
  /** `name`, or `Class.method`. */
  label: string;
  symbol: CodeSymbol;
  /** For a method: its class, through which a test reaches it. */
  owner: CodeSymbol | null;
  /** The target's source text. */
  source: string;
  /** Best first, cut to the planner's token budget. */
  requirements: GoverningRequirement[];
  /** The examples of those requirements that call this target. */
  examples: GroundedExample[];
  /** The examples of this target that no test states, each with why. */
  skippedExamples: UngroundedExample[];
  /** The folder generated tests go to, relative to the repository (`test/attest`). */
  testDir: string;
  /** `.test.ts` or `.test.js` after the target's own language; `.spec.*` when the repository's tests are so named. */
  testExtension: string;
  /** The import line that every test file in `testDir` must use. */
  importLine: ImportLine;
  /** For a class or a method: what its constructor takes. Empty for a function. */
  collaborators: Collaborator[];
  /** `import type { … } from '…';` lines for the collaborators' exported types, for mocks' annotations. */
  typeImports: string[];
  /** Its examples that the code contradicts (set once tier 0 has run). */
  disputes: Dispute[];
  /** The test framework its tests are written for: the repository's. */
  dialect: TestDialect;
  /**
   * The lines the target's tests check: its own, and those of its module's private functions,
   * which only the module's exports can reach (a UMD build's whole implementation, a helper
   * such as humanize-duration's `humanizer`).
   */
  codeLines: { line: number; endLine: number }[];
}

/** Whether a line of a file lies in the targets' code (Target.codeLines). */
export function inTargetCode(targets: Target[], file: string, line: number): boolean {
  return targets.some(
    (t) =>
      t.symbol.file === file &&
      t.codeLines.some((range) => line >= range.line && line <= range.endLine),
  );
}
