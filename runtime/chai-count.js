/* global expect */
'use strict';
// Counts chai's assertions as Jest counts expect's, so that the hollow gate sees the assertions of
// tests written for mocha with chai. Every chai assertion goes through Assertion#assert; the chai
// counted is the repository's own, the instance its tests import.
let chai = null;
try {
  chai = require(require.resolve('chai', { paths: [process.cwd()] }));
} catch {
  // No chai in this repository: nothing to count.
}
const proto = chai && chai.Assertion && chai.Assertion.prototype;
if (proto && typeof proto.assert === 'function' && !proto.attestCounted) {
  const assert = proto.assert;
  proto.assert = function (...args) {
    const state = expect.getState();
    expect.setState({ assertionCalls: state.assertionCalls + 1 });
    return assert.apply(this, args);
  };
  proto.attestCounted = true;
}
