import type { Dialect } from './dialect';
import { MOCHA_ON_JEST, MOCHA_RUNNER, MOCHA_STYLE } from './mocha-runner';

/** mocha's globals with chai's expect, for a mocha repository that has chai. */
export const mochaChai = {
  name: 'mocha',
  framework: 'mocha',
  detection: {
    runnerPackage: 'mocha',
    fits: (packages) => packages.has('chai'),
    style: MOCHA_STYLE,
  },
  header: [{ names: '{ expect }', from: 'chai' }],
  assertions: 'chai',
  requiresCommonJs: true,
  freshModules: false,
  prompt:
    "Test framework: mocha with chai. Use mocha's globals (describe, it, beforeEach) and chai's expect: import { expect } from 'chai'; expect(x).to.equal(y), .to.deep.equal(y), .to.throw(Error). Write arrow functions (no this.timeout). For a collaborator, hand the code a plain function that records its calls in an array.",
  mockFunction: 'plain functions recording their calls',
  onJest: MOCHA_ON_JEST,
  ownRunner: MOCHA_RUNNER,
} as const satisfies Dialect;
