import type { OwnRunner } from './dialect';

/** mocha, as both mocha dialects run: its json reporter, to a file or (before mocha 9) stdout. */
export const MOCHA_RUNNER = {
  package: 'mocha',
  args: ({ bin, output, files }) => [
    bin,
    '--reporter',
    'json',
    '--reporter-option',
    `output=${output}`,
    ...files,
  ],
  display: ({ files }) => `npx mocha ${files.join(' ')}`,
  report: 'mocha-json',
  reportOnStdout: true,
} as const satisfies OwnRunner;

/** mocha's globals that Jest lacks (before, after), and chai's assertions counted. */
export const MOCHA_ON_JEST = { setupFiles: ['mocha-globals', 'chai-count'] } as const;

/** What marks a test file as written for mocha: chai or assert required, or `it(` alone. */
export const MOCHA_STYLE =
  /require\(['"](?:chai|assert|node:assert)['"]\)|from\s+['"](?:chai|assert|node:assert)['"]|\bit\(/;
