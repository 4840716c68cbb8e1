/**
 * Two projects, one `npm test`: `unit` needs no Redis, no git remote and no child Jest, and
 * runs alone in under a minute (`npm run test:unit`); `integration` goes through the real parts.
 */
const UNIT = [
  'acquire/walk-files',
  'core/*',
  'deliver/keep-tests',
  'deliver/pull-request',
  'deliver/render-report',
  'generate/cheapest-first-router',
  'generate/survivor-rounds',
  'generate/parse-answer',
  'index/lexical-store',
  'index/openai-embedder',
  'pipeline/round-costs',
  'pipeline/select-tests',
  'pipeline/survivors',
  'plan/*',
  'service/retention',
  'service/service-config',
  'understand/parse-examples',
  'understand/parse-pool',
  'understand/test-dialect',
  'verify/delivery-outcomes',
  'verify/instrumenter',
  'verify/mutant-switch',
  'verify/runner-workspace',
  'verify/static-findings',
  'verify/type-check',
].map((name) => `<rootDir>/test/${name}.test.ts`);

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

/** @type {import('jest').Config} */
module.exports = {
  // A global option: Jest reads it here, not from the projects.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: UNIT },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: [
        ...base.testPathIgnorePatterns,
        ...UNIT.map((u) => u.replace('*', '[^/]*').replace('.test.ts', '\\.test\\.ts$')),
      ],
    },
  ],
};
