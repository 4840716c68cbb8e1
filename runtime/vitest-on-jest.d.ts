// The types of runtime/vitest-on-jest.js, for the compile gate when the repository's own
// vitest is not installed: vitest's names, with Jest's types, which they forward to.
/// <reference types="jest" />
export const describe: jest.Describe;
export const it: jest.It;
export const test: jest.It;
export const expect: jest.Expect;
export const beforeEach: jest.Lifecycle;
export const afterEach: jest.Lifecycle;
export const beforeAll: jest.Lifecycle;
export const afterAll: jest.Lifecycle;
export const vi: typeof jest & { mocked<T>(value: T): jest.MockedObjectDeep<T> };
export const vitest: typeof vi;
