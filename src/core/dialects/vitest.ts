import type { Dialect } from './dialect';

/** vitest: its API imported from 'vitest', run under Attest's Jest through a shim of it. */
export const vitestDialect = {
  name: 'vitest',
  framework: 'vitest',
  detection: {
    runnerPackage: 'vitest',
    imports: /from\s+['"]vitest['"]|require\(['"]vitest['"]\)/,
  },
  header: [{ names: '{ describe, expect, it }', from: 'vitest' }],
  assertions: 'expect',
  requiresCommonJs: false,
  freshModules: false,
  prompt:
    "Test framework: vitest. Import its API, as the repository's tests do: import { describe, it, expect, vi } from 'vitest'; use vi where Jest would use jest (vi.fn, vi.spyOn, vi.useFakeTimers), and no vi.mock of modules.",
  mockFunction: 'vi.fn()',
  mockNamespace: 'vi',
  onJest: {
    module: { name: 'vitest', shim: 'vitest-on-jest', typed: true },
  },
  ownRunner: {
    package: 'vitest',
    args: ({ bin, output, files }) => [
      bin,
      'run',
      '--reporter=json',
      `--outputFile=${output}`,
      ...files,
    ],
    display: ({ files }) => `npx vitest run ${files.join(' ')}`,
    report: 'jest-json',
  },
} as const satisfies Dialect;
