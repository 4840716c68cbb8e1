import type { Target } from '../../src/core/target';
import { citedTests } from '../../src/generate/cited-tests';
import { parseAnswer } from '../../src/generate/parse-answer';

const target = {
  importLine: { statement: "import { add } from '../../src/math';", local: 'add' },
} as Target;
const FILE = 'test/attest/math.add.cheap.test.ts';

describe(parseAnswer.name, () => {
  it('takes the one fenced block out of the answer, accepting double quotes in the import', () => {
    const answer =
      'Sure:\n```typescript\nimport { add } from "../../src/math";\nit("adds", () => expect(add(1, 2)).toBe(3));\n```\nDone.';
    expect(parseAnswer(answer, target, FILE)).toEqual({
      status: 'ok',
      code: 'import { add } from "../../src/math";\nit("adds", () => expect(add(1, 2)).toBe(3));\n',
    });
  });

  it.each([
    ['no block', 'I cannot help with that.', /exactly one fenced TypeScript code block; it held 0/],
    ['two blocks', '```ts\na\n```\n```ts\nb\n```', /it held 2/],
    [
      'a syntax error',
      "```ts\nimport { add } from '../../src/math';\nit('x', () => {\n```",
      /does not parse: a syntax error near line/,
    ],
    [
      'another import',
      "```ts\nimport { add } from '../src/math';\nit('x', () => {});\n```",
      /does not use the import line it was given/,
    ],
  ])('refuses an answer with %s, saying why', (_, answer, reason) => {
    const parsed = parseAnswer(answer, target, FILE);
    expect(parsed.status).toBe('unusable');
    expect(parsed.status === 'unusable' && parsed.reason).toMatch(reason);
  });
});

describe(citedTests.name, () => {
  it('reads the ids cited above or inside each test, and drops ids that no requirement has', () => {
    const text = [
      "describe('add', () => {",
      '  // requirement: REQ-1, REQ-404',
      "  it('adds', () => {});",
      "  it('subtracts', () => {",
      '    // requirement: REQ-2',
      '  });',
      "  it('cites nothing', () => {});",
      '});',
    ].join('\n');
    expect(citedTests(text, FILE, new Set(['REQ-1', 'REQ-2']))).toEqual([
      { name: 'add > adds', requirementIds: ['REQ-1'] },
      { name: 'add > subtracts', requirementIds: ['REQ-2'] },
      { name: 'add > cites nothing', requirementIds: [] },
    ]);
  });
});
