import type { Dialect } from './dialect';

/** Jest: its globals, nothing imported. The default when a repository declares no runner. */
export const jestDialect = {
  name: 'jest',
  framework: 'jest',
  detection: {
    runnerPackage: 'jest',
    style:
      /\bjest\.|from\s+['"]@jest\/globals['"]|\bexpect\(.*\)\.(?:not\.)?to(?:Be|Equal|StrictEqual|Throw|Have|Match|Contain)/,
  },
  header: [],
  assertions: 'expect',
  requiresCommonJs: true,
  freshModules: true,
  prompt:
    'Test framework: Jest. Use its globals (describe, it, expect, jest); import nothing for them.',
  mockFunction: 'jest.fn()',
  mockNamespace: 'jest',
  onJest: {},
  ownRunner: {
    package: 'jest',
    args: ({ bin, output, files }) => [
      bin,
      '--ci',
      '--json',
      `--outputFile=${output}`,
      '--runTestsByPath',
      ...files,
    ],
    display: ({ files }) => `npx jest --ci --runTestsByPath ${files.join(' ')}`,
    report: 'jest-json',
  },
} as const satisfies Dialect;
