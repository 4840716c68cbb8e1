import type { SourceLanguage, SourceParser } from '../../understand/source-parser';
import type { SyntaxNode } from './mutators/node-mutator';
import { switchGlobal } from './protocol';

/** The callees whose arguments an assertion judges: expect (Jest, vitest, chai) and assert. */
const EXPECT = /^expect(?:\.soft)?$/;
const ASSERT = /^assert(?:\.\w+)?$/;

/** Where a subject's own code ends: a nested function is not evaluated with it. */
const FUNCTIONS = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'function_declaration',
  'generator_function',
  'method_definition',
  'class_body',
]);

/**
 * The candidate test as the mutant runs load it: every assertion's subject, the argument of
 * `expect(...)` and each argument of `assert(...)` and `assert.<fn>(...)`, evaluated through the
 * switch's `subject` probe, which remembers an error thrown while the subject was computed. A
 * mutant that makes the code throw there fails the assertion on that call, and the runner
 * credits the kill as an assertion's (see failureOutcome); a throw anywhere else stays a
 * crash, which a test with no assertion would also notice.
 *
 * The text keeps its lines and columns up to the first rewritten subject; the helpers are
 * function declarations appended at the end, hoisted, so no line moves. A subject that
 * contains `yield` is left as it is (an arrow cannot yield).
 */
export function markSubjects(
  text: string,
  language: SourceLanguage,
  parser: SourceParser,
  nonce: string,
): string {
  const root = parser.parse(text, language).rootNode;
  const subjects: SyntaxNode[] = [];
  collect(root, subjects);
  if (subjects.length === 0) return text;
  const names = helperNames(nonce);
  let out = '';
  let at = 0;
  for (const node of subjects) {
    const code = text.slice(node.startIndex, node.endIndex);
    const wrapped = awaits(node)
      ? `(await ${names.async}(async () => (${code})))`
      : `${names.sync}(() => (${code}))`;
    out += text.slice(at, node.startIndex) + wrapped;
    at = node.endIndex;
  }
  return `${out}${text.slice(at)}\n${helpers(nonce)}\n`;
}

function helperNames(nonce: string): { sync: string; async: string } {
  return { sync: `__attest${nonce}Subject`, async: `__attest${nonce}SubjectAsync` };
}

/**
 * The two helpers, in plain JavaScript (a run strips TypeScript's types without checking them):
 * outside a mutant run (no switch), they only evaluate the subject.
 */
function helpers(nonce: string): string {
  const names = helperNames(nonce);
  const probe = `globalThis.${switchGlobal(nonce)}`;
  return [
    `function ${names.sync}(f) { var s = ${probe}; return s ? s.subject(f) : f(); }`,
    `async function ${names.async}(f) { var s = ${probe}; return s ? s.subjectAsync(f) : f(); }`,
  ].join('\n');
}

/** The outermost subjects, in the order of the text. */
function collect(node: SyntaxNode, into: SyntaxNode[]): void {
  if (node.type === 'call_expression') {
    const callee = node.childForFieldName('function')?.text ?? '';
    const args = node.childForFieldName('arguments');
    if (args && (EXPECT.test(callee) || ASSERT.test(callee))) {
      const all = args.namedChildren.filter((a) => a.type !== 'comment');
      const judged = EXPECT.test(callee) ? all.slice(0, 1) : all;
      // The callee's own chain (`expect(a).toBe(b)` sits inside `expect(a).toBe`) comes first.
      collect(node.childForFieldName('function')!, into);
      for (const arg of all) {
        if (judged.includes(arg) && arg.type !== 'spread_element' && !yields(arg)) into.push(arg);
        else collect(arg, into);
      }
      return;
    }
  }
  for (const child of node.children) collect(child, into);
}

function awaits(node: SyntaxNode): boolean {
  return contains(node, 'await_expression');
}

function yields(node: SyntaxNode): boolean {
  return contains(node, 'yield_expression');
}

/** Whether the subject's own code (not a function inside it) holds a node of this type. */
function contains(node: SyntaxNode, type: string): boolean {
  if (node.type === type) return true;
  if (FUNCTIONS.has(node.type)) return false;
  return node.children.some((c) => contains(c, type));
}
