/**
 * Two projects, one `npm test`, chosen by suffix: `*.unit.test.ts` needs no Redis, no git
 * remote and no child Jest, and runs alone in under a minute (`npm run test:unit`); every other
 * `*.test.ts` is `integration` and goes through the real parts.
 */
/** @type {import('jest').Config} */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/fixtures/'],
  modulePathIgnorePatterns: ['<rootDir>/test/fixtures/', '<rootDir>/dist/'],
  // The CLI loads the pipeline through import('./x.js'), which names the compiled file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
};

const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default on 2 cores is one worker, but the integration tests mostly wait on their
  // child processes (Jest runs, git, installs in the sandbox): two workers took npm test from
  // 828 s to 417 s on a 2-core machine. Test files that share a service keep apart by their own
  // Redis database, port and folders.
  maxWorkers: Math.max(2, os.cpus().length - 1),
  // A global option: Jest reads it here, not from the projects.
  testTimeout: 60000,
  // The runtime files that the tests' child processes load are compiled (dist/src/runtime).
  globalSetup: '<rootDir>/test/helpers/build-runtime.ts',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/**/*.unit.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, '\\.unit\\.test\\.ts$'],
    },
  ],
};
