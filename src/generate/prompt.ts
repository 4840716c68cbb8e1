import type { Target } from '../core/target';

/** A test file of the repository's own, shown to the model as the house style. */
export interface StyleExample {
  file: string;
  text: string;
}

/** What the runner said of the previous answer, fed back in a repair round. */
export interface RepairHint {
  code: string;
  reasons: string[];
}

export interface Prompt {
  system: string;
  user: string;
}

/** The rules the runner enforces, so the model can meet them instead of learning them by rejection. */
const RULES = [
  'Write one complete Jest test file in TypeScript, and answer with it in a single fenced ```ts code block, with nothing else in the block.',
  'Use the import line given below exactly as written; import nothing else from the repository.',
  'Use the Jest globals describe, it and expect. No .only, .skip, .todo or snapshots.',
  'Every test must assert, with a specific matcher (toBe, toEqual, toThrow, ...), on a value the target computed: never on a literal, on the test input alone, or on a mock.',
  'Each assertion must fail if the target computed a different result: a test that passes whatever the code does is rejected.',
  'Do not mock, stub or spy on the target. No network, timers, randomness, clock or files.',
  'Await or return every promise; no assertion inside a try/catch or an unawaited callback.',
  'Every test must pass on the code as it is now. Test what the requirements and the code agree on.',
  'Put a comment `// requirement: <id>` above each test, naming the requirement ids it checks.',
];

/** The prompt for one target, as DESIGN.md gives it: source, signature, requirements, style and import line. */
export function buildPrompt(
  target: Target,
  style: StyleExample[],
  repair: RepairHint | null,
): Prompt {
  const requirements = target.requirements.length
    ? target.requirements
        .map(
          ({ requirement: r }) =>
            `[${r.id}] (${r.file}:${r.line}${r.headingPath.length ? `, ${r.headingPath.join(' > ')}` : ''})\n${r.text.trim()}`,
        )
        .join('\n\n')
    : '(none found: test what the signature and the code make plain)';
  const sections = [
    `Target: ${target.label} (${target.symbol.kind}) in ${target.symbol.file}:${target.symbol.line}`,
    `Signature: ${target.symbol.signature}`,
    `Source:\n\`\`\`ts\n${target.source}\n\`\`\``,
    `Requirements that govern it:\n${requirements}`,
    ...style.map(
      (s) => `A test of this repository, for its style (${s.file}):\n\`\`\`ts\n${s.text}\n\`\`\``,
    ),
    `The test file must start with this import line:\n${target.importLine.statement}`,
  ];
  if (repair) {
    sections.push(
      `Your previous test file:\n\`\`\`ts\n${repair.code}\n\`\`\``,
      `The independent runner rejected it:\n${repair.reasons.map((r) => `- ${r}`).join('\n')}\nWrite the file again so that every test is accepted.`,
    );
  }
  return {
    system: `You write unit tests that a deterministic gate will check.\nRules:\n${RULES.map((r) => `- ${r}`).join('\n')}`,
    user: sections.join('\n\n'),
  };
}
