import type { Gate } from './verdict';

/**
 * Where a rule is enforced: a gate of the runner, the reader of a model's answer, or the
 * report, whose traceability reads the test's requirement comments.
 */
export type RuleOwner = Gate | 'answer' | 'report';

/** One rule a generated test must meet: what a model is told, and what turns away a test that breaks it. */
export interface TestRule {
  rule: string;
  enforcedBy: RuleOwner;
}

/**
 * The rules a test must meet, as the prompt states them and the gates enforce them: one list,
 * so that a model can meet them instead of learning them by rejection. The README's table of
 * rules is checked against it (test/core/test-rules.unit.test.ts).
 */
export const TEST_RULES: readonly TestRule[] = [
  {
    rule: 'Write one complete test file in TypeScript for the test framework named below, and answer with it in a single fenced code block tagged ts, with nothing else in the block.',
    enforcedBy: 'answer',
  },
  {
    rule: 'Use the import line given below exactly as written; from the repository, import nothing else but the type imports given below.',
    enforcedBy: 'answer',
  },
  {
    rule: 'Use that framework’s describe, it and expect: Jest’s globals, or vitest’s imports. No .only, .skip, .todo or snapshots.',
    enforcedBy: 'static',
  },
  {
    rule: 'Every test asserts with a specific matcher (toBe, toEqual, toThrow, toHaveBeenCalledWith, ...), never on a literal or on a value compared with itself.',
    enforcedBy: 'static',
  },
  {
    rule: 'Never mock, stub or spy on the target itself: its module, its methods or its prototype. Mock its collaborators instead: hand it objects of mock functions (jest.fn(), or vi.fn() in vitest) that follow their declared types, and assert on what it did with them.',
    enforcedBy: 'static',
  },
  {
    rule: 'Await or return every promise; no assertion inside a try/catch or in a callback the test does not wait for.',
    enforcedBy: 'static',
  },
  {
    rule: 'Touch nothing around the test: no child_process, worker_threads, vm, net or inspector, no writes through fs, no process.binding, no Function constructor, no global named __attest…, and no listing of the global object’s names.',
    enforcedBy: 'static',
  },
  {
    rule: 'The file must type-check against the repository’s types.',
    enforcedBy: 'compile',
  },
  {
    rule: 'Every test must pass on the code as it is now. Test what the requirements and the code agree on.',
    enforcedBy: 'pass',
  },
  {
    rule: 'No network, no randomness, no real clock, and no files left behind: inject a fixed clock, use fake timers (jest.useFakeTimers(), vi.useFakeTimers()) and advance them for delays, and build the state each test needs in the test or in beforeEach.',
    enforcedBy: 'stable',
  },
  {
    rule: 'Every assertion must run: a handler or callback that asserts must be called before the test ends.',
    enforcedBy: 'hollow',
  },
  {
    rule: 'Each assertion must fail if the target computed a different result or made different calls: a test that passes whatever the code does is rejected.',
    enforcedBy: 'mutation',
  },
  {
    rule: 'Check something that the repository’s own tests do not already check.',
    enforcedBy: 'added-value',
  },
  {
    rule: 'Put a comment `// requirement: <id>` above each test, naming the requirement ids it checks.',
    enforcedBy: 'report',
  },
];
