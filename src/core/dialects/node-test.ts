import type { Dialect } from './dialect';

/** node:test with node:assert/strict, run by `node --test` (with the script's own flags). */
export const nodeTest = {
  name: 'node:test',
  framework: 'node:test',
  detection: {
    testScript: /\bnode\b[^&|;]*\s--test\b/,
    imports: /from\s+['"]node:test['"]|require\(['"]node:test['"]\)/,
  },
  header: [
    { names: '{ describe, it }', from: 'node:test' },
    { names: 'assert', from: 'node:assert/strict' },
  ],
  assertions: 'assert',
  requiresCommonJs: true,
  freshModules: false,
  prompt:
    "Test framework: node:test. import { describe, it, mock } from 'node:test'; import assert from 'node:assert/strict'; assert.equal, assert.deepEqual, assert.throws, await assert.rejects; mock.fn() for a collaborator, checking fn.mock.callCount() and its calls' arguments through assert.",
  mockFunction: 'mock.fn()',
  onJest: { module: { name: 'node:test', shim: 'node-test-on-jest' } },
  ownRunner: {
    package: null,
    args: ({ nodeFlags, output, files }) => [
      ...nodeFlags,
      '--test',
      '--test-reporter=tap',
      `--test-reporter-destination=${output}`,
      ...files,
    ],
    display: ({ nodeFlags, files }) =>
      `node ${[...nodeFlags, '--test'].join(' ')} ${files.join(' ')}`,
    report: 'tap',
  },
} as const satisfies Dialect;
