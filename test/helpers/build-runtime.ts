// Jest's globalSetup: the child processes that the tests start (Jest runs, the sandbox's
// stand-in) load Attest's runtime from dist/, which must be as new as src/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIfStale } = require('../../bin/build-if-stale') as { buildIfStale: () => boolean };

export default function buildRuntime(): void {
  if (!buildIfStale()) throw new Error('attest: the build failed; run `npm run build` to see why');
}
