import type { Dialect } from './dialect';
import { MOCHA_ON_JEST, MOCHA_RUNNER } from './mocha-runner';

/** mocha's globals with node:assert/strict, for a mocha repository without chai. */
export const mochaAssert = {
  name: 'mocha-assert',
  framework: 'mocha',
  detection: { runnerPackage: 'mocha', fits: (packages) => !packages.has('chai') },
  header: [{ names: 'assert', from: 'node:assert/strict' }],
  assertions: 'assert',
  requiresCommonJs: true,
  freshModules: false,
  prompt:
    "Test framework: mocha with Node's assert. Use mocha's globals (describe, it, beforeEach) and import assert from 'node:assert/strict'; assert.equal, assert.deepEqual, assert.throws, await assert.rejects. For a collaborator, hand the code a plain function that records its calls in an array.",
  mockFunction: 'plain functions recording their calls',
  onJest: MOCHA_ON_JEST,
  ownRunner: MOCHA_RUNNER,
} as const satisfies Dialect;
