import type { Dialect } from './dialect';
import { jestDialect } from './jest';
import { mochaAssert } from './mocha-assert';
import { mochaChai } from './mocha-chai';
import { nodeTest } from './node-test';
import { vitestDialect } from './vitest';

const ALL = [jestDialect, vitestDialect, mochaChai, mochaAssert, nodeTest] as const;

/**
 * The test framework a repository's tests are written for, which generated tests follow: one of
 * the names in DIALECTS.
 */
export type TestDialect = (typeof ALL)[number]['name'];

/** The framework a test file is written for, as read from it (mocha's two dialects share one). */
export type TestFramework = (typeof ALL)[number]['framework'];

/**
 * Every test dialect Attest writes, in the order detection reads them: a file's style is
 * matched in this order (Jest's before mocha's), and the first is the default.
 */
export const DIALECTS: readonly Dialect<TestDialect, TestFramework>[] = ALL;

/** The dialect a repository with no runner and no tests gets. */
export const DEFAULT_DIALECT: TestDialect = ALL[0].name;

/** The record of a dialect, by name. */
export function dialectOf(name: TestDialect): Dialect<TestDialect, TestFramework> {
  return DIALECTS.find((d) => d.name === name)!;
}

/** The namespaces of the dialects' mocking APIs (`jest`, `vi`), for reading how a test mocks. */
export const MOCK_NAMESPACES: readonly string[] = DIALECTS.flatMap((d) => d.mockNamespace ?? []);
