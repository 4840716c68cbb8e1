import type Parser from 'tree-sitter';

type Node = Parser.SyntaxNode;

const TEST_FUNCTIONS = new Set(['it', 'test', 'xit', 'xtest', 'fit']);
const SUITE_FUNCTIONS = new Set(['describe', 'xdescribe', 'fdescribe']);
const FOCUS_OR_SKIP = new Set(['only', 'skip', 'todo', 'failing', 'concurrent']);

/** One `it`/`test` call of a test file, with the describe blocks around it. */
export interface TestCase {
  /** The describe path and the test's own name, joined by ' > '. */
  name: string;
  /** `.only`, `.skip`, `.todo`, `xit`, `fit`… on the test or on a describe around it. */
  modifiers: string[];
  /** The test's function, or null for `it.todo('name')`. */
  body: Node | null;
  line: number;
  endLine: number;
}

/** Finds the tests of a file: `it`, `test`, their `.each` tables, and describe blocks, with their modifiers. */
export function findTests(tree: Parser.Tree): TestCase[] {
  const tests: TestCase[] = [];
  visit(tree.rootNode, [], [], tests);
  return tests;
}

function visit(node: Node, path: string[], inherited: string[], out: TestCase[]): void {
  for (const child of node.namedChildren) {
    const call = child.type === 'expression_statement' ? child.namedChildren[0] : null;
    const parsed = call?.type === 'call_expression' ? readTestCall(call) : null;
    if (!parsed) {
      if (child.type !== 'function_declaration') visit(child, path, inherited, out);
      continue;
    }
    const modifiers = [...inherited, ...parsed.modifiers];
    if (parsed.kind === 'suite') {
      const body = parsed.fn?.childForFieldName('body');
      if (body) visit(body, [...path, parsed.name], modifiers, out);
      continue;
    }
    out.push({
      name: [...path, parsed.name].join(' > '),
      modifiers,
      body: parsed.fn,
      line: child.startPosition.row + 1,
      endLine: child.endPosition.row + 1,
    });
  }
}

interface TestCall {
  kind: 'test' | 'suite';
  name: string;
  modifiers: string[];
  fn: Node | null;
}

/** Reads `it('name', fn)`, `test.only(…)`, `describe.skip(…)`, `it.each(table)('name %s', fn)`. */
function readTestCall(call: Node): TestCall | null {
  let callee = call.childForFieldName('function');
  let args = call.childForFieldName('arguments');
  // `it.each(table)(name, fn)`: the callee is itself a call.
  if (callee?.type === 'call_expression') {
    args = call.childForFieldName('arguments');
    callee = callee.childForFieldName('function');
  }
  if (!callee) return null;
  const parts = callee.text.split('.');
  const root = parts[0] ?? '';
  const isTest = TEST_FUNCTIONS.has(root);
  const isSuite = SUITE_FUNCTIONS.has(root);
  if (!isTest && !isSuite) return null;
  const modifiers = parts.slice(1).filter((p) => FOCUS_OR_SKIP.has(p));
  if (root.startsWith('x')) modifiers.push('skip');
  if (root.startsWith('f')) modifiers.push('only');
  const [nameNode, fnNode] = args?.namedChildren ?? [];
  const fn =
    fnNode &&
    (fnNode.type === 'arrow_function' ||
      fnNode.type === 'function_expression' ||
      fnNode.type === 'function')
      ? fnNode
      : null;
  return { kind: isSuite ? 'suite' : 'test', name: nameOf(nameNode), modifiers, fn };
}

function nameOf(node: Node | undefined): string {
  if (!node) return '(unnamed)';
  if (node.type === 'string' || node.type === 'template_string')
    return unescape(node.text.slice(1, -1));
  return node.text;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  '0': '\0',
};

/** The string's value, as Jest will name the test: `'a\\tb'` is a, a tab, b. */
function unescape(text: string): string {
  return text.replace(
    /\\(u\{[\da-fA-F]+\}|u[\da-fA-F]{4}|x[\da-fA-F]{2}|\r?\n|.)/g,
    (_, e: string) => {
      if (/^[ux]/.test(e) && e.length > 1)
        return String.fromCodePoint(parseInt(e.replace(/^[ux]\{?|\}$/g, ''), 16));
      if (e === '\n' || e === '\r\n') return '';
      return ESCAPES[e] ?? e;
    },
  );
}
