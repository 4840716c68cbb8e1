// mocha's global names that Jest lacks, for a repository whose tests are written for mocha:
// Attest's runner runs them under its own Jest. A setupFilesAfterEnv file: Jest's own globals
// are defined by then.
const mochaNames = globalThis as typeof globalThis & {
  before?: jest.Lifecycle;
  after?: jest.Lifecycle;
  context?: jest.Describe;
  specify?: jest.It;
};
mochaNames.before ??= beforeAll;
mochaNames.after ??= afterAll;
mochaNames.context ??= describe;
mochaNames.specify ??= it;

export {};
