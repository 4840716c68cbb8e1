// Counts chai's assertions as Jest counts expect's, so that the hollow gate sees the assertions
// of tests written for mocha with chai. Every chai assertion goes through Assertion#assert; the
// chai counted is the repository's own, the instance its tests import.

type Assert = (this: unknown, ...args: unknown[]) => unknown;
interface ChaiModule {
  Assertion?: { prototype: { assert?: Assert; attestCounted?: true } };
}

/** The repository's chai, or null when it has none. */
function repositoryChai(): ChaiModule | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(require.resolve('chai', { paths: [process.cwd()] })) as ChaiModule;
  } catch {
    // No chai in this repository: nothing to count.
    return null;
  }
}

const proto = repositoryChai()?.Assertion?.prototype;
const assert = proto?.assert;
if (proto && typeof assert === 'function' && !proto.attestCounted) {
  proto.assert = function (this: unknown, ...args: unknown[]) {
    const state = expect.getState();
    expect.setState({ assertionCalls: state.assertionCalls + 1 });
    return assert.apply(this, args);
  };
  proto.attestCounted = true;
}

export {};
