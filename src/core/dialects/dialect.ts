/** An import a generated test file starts with: `import <names> from '<from>'`. */
export interface HeaderImport {
  names: string;
  from: string;
}

/** How a repository declares or writes for a dialect. */
export interface DialectDetection {
  /** The package whose presence in package.json declares the dialect's runner. */
  runnerPackage?: string;
  /** Among the dialects of one runner, whether this one fits the declared packages. */
  fits?: (packages: ReadonlySet<string>) => boolean;
  /** A test script that runs it with no runner package (`node --test`). */
  testScript?: RegExp;
  /** Imports that mark a test file as written for it; read before any dialect's style. */
  imports?: RegExp;
  /** The globals or assertions that mark a file as written for it, when no imports do. */
  style?: RegExp;
}

/** The form of the report the repository's own runner writes, and so which reader reads it. */
export type OwnReport = 'jest-json' | 'mocha-json' | 'tap';

/** The repository's own runner, as the delivery check starts it on the delivered files. */
export interface OwnRunner {
  /** The package in the repository's node_modules whose bin runs the tests; none: Node itself. */
  package: string | null;
  /**
   * The command's arguments after Node: `bin` is the package's entry (or '' for Node itself),
   * `nodeFlags` what the test script gives Node before `--test`, `output` the report's path.
   */
  args(input: { bin: string; nodeFlags: string[]; output: string; files: string[] }): string[];
  /** The command as a user would type it, for the report. */
  display(input: { nodeFlags: string[]; files: string[] }): string;
  report: OwnReport;
  /** Set: a runner that may not write its report to a file prints it on stdout instead. */
  reportOnStdout?: true;
}

/**
 * A test framework as every stage needs to know it: how it is detected, how a generated file
 * starts and asserts, what the prompt says, what Attest's Jest runner maps for it, and how the
 * repository's own runner proves the delivered files. One file per dialect, listed in
 * dialects.ts: adding one is one new file and its tests.
 */
export interface Dialect<Name extends string = string, Framework extends string = string> {
  readonly name: Name;
  /** The framework a test file is written for, as read from the file: mocha's two dialects share one. */
  readonly framework: Framework;
  readonly detection: DialectDetection;
  /** The imports a generated file starts with, after its banner. */
  readonly header: readonly HeaderImport[];
  /** How examples become assertions: Jest's expect, chai's expect, or node:assert. */
  readonly assertions: 'expect' | 'chai' | 'assert';
  /**
   * A test file reaches a CommonJS module with `require`, not `import`: Node runs the file as
   * written (node --test, mocha), or Jest loads it as CommonJS and turns imports into requires
   * only where the repository configures Babel. Vitest transforms every file, so imports work.
   */
  readonly requiresCommonJs: boolean;
  /**
   * It can load a fresh copy of a module synchronously (Jest's isolateModules), which an
   * example that changes the module's state needs.
   */
  readonly freshModules: boolean;
  /** What the prompt says of the framework, which a generated file must follow. */
  readonly prompt: string;
  /** What a test hands the code for a collaborator, in the prompt's words. */
  readonly mockFunction: string;
  /** The namespace of its mocking API (`jest.mock`, `vi.spyOn`), for the self-mock check. */
  readonly mockNamespace?: string;
  /**
   * Under Attest's Jest runner: the module its API is mapped to (a file of src/runtime, `typed`
   * when its source gives the compile gate the API's types), and its setup files there.
   */
  readonly onJest: {
    module?: { name: string; shim: string; typed?: true };
    setupFiles?: readonly string[];
  };
  readonly ownRunner: OwnRunner;
}
