import type Parser from 'tree-sitter';
import { importBindings, requireBindings, requiredModule } from '../../understand/module-bindings';
import { SourceParser, countErrorNodes } from '../../understand/source-parser';
import type { IsRepoModule, RepoBindings } from './repo-bindings';
import { mockedRepoModules, selfMock, targetRef, type TestSetting } from './self-mock';
import { findTests, type TestCase } from '../../understand/test-structure';
import { runtimeReaches } from './runtime-reach';

type Node = Parser.SyntaxNode;

const SNAPSHOT_MATCHERS = new Set([
  'toMatchSnapshot',
  'toMatchInlineSnapshot',
  'toThrowErrorMatchingSnapshot',
  'toThrowErrorMatchingInlineSnapshot',
]);
const LITERAL_TYPES = new Set([
  'number',
  'string',
  'template_string',
  'true',
  'false',
  'null',
  'undefined',
  'regex',
]);

/** What the static gate found in one test: nothing (it passes) or the reasons it fails. */
export interface StaticFinding {
  name: string;
  line: number;
  endLine: number;
  reasons: string[];
}

/** A file-level failure: the whole file is rejected before any test is looked at. */
export type StaticResult =
  { status: 'parsed'; tests: StaticFinding[] } | { status: 'unreadable'; reason: string };

/**
 * Reads a test file without running it, and finds only what the text alone proves: what
 * reaches the runtime around the test (runtimeReaches), focus and skip marks, no assertion, literal or self-compared subjects, snapshots, swallowed or
 * unawaited assertions, and mocks of the code the test claims to test (`target`, a target id,
 * when known). Whether an assertion depends on the code is for the hollow and mutation gates,
 * which run it: a spy handed to the code, or a closure its callback fills, can.
 */
export function staticFindings(
  text: string,
  file: string,
  isRepoModule: IsRepoModule,
  parser = new SourceParser(),
  target: string | null = null,
): StaticResult {
  const tree = parser.parse(
    text,
    file.endsWith('.tsx') || file.endsWith('.jsx') ? 'tsx' : 'typescript',
  );
  if (countErrorNodes(tree) > 0)
    return { status: 'unreadable', reason: 'the file does not parse: fix its syntax errors.' };
  const tests = findTests(tree);
  if (tests.length === 0)
    return { status: 'unreadable', reason: 'the file has no test (no it() or test() call).' };
  const setting: TestSetting = {
    file,
    repo: repoImports(tree.rootNode, isRepoModule),
    mockedModules: mockedRepoModules(tree.rootNode, isRepoModule),
    target: targetRef(target),
  };
  const reaches = runtimeReaches(tree.rootNode);
  return {
    status: 'parsed',
    tests: tests.map((t) => ({
      name: t.name,
      line: t.line,
      endLine: t.endLine,
      reasons: [...reasonsFor(t, setting), ...reaches],
    })),
  };
}

function reasonsFor(test: TestCase, setting: TestSetting): string[] {
  const reasons: string[] = [];
  if (test.modifiers.length > 0) {
    reasons.push(
      `it is marked .${[...new Set(test.modifiers)].join(', .')}: a focused or skipped test proves nothing about the others or itself.`,
    );
  }
  if (!test.body) return [...reasons, 'it has no body to run.'];
  const expects = liveExpects(test.body);
  const asserts = test.body
    .descendantsOfType('call_expression')
    .filter((c) => /^assert(\.\w+)?$/.test(c.childForFieldName('function')?.text ?? ''));
  if (expects.length === 0 && asserts.length === 0)
    reasons.push('it makes no assertion that can run: add expect(…) on what the code returns.');
  const swallowed = expects.find((e) => swallowedByCatch(e, test.body!));
  if (swallowed)
    reasons.push(
      'its assertion sits in a try whose catch swallows the failure: it can never fail. Remove the try/catch.',
    );
  if (expects.length > 0 && expects.every((e) => inUnawaitedCallback(e, test.body!))) {
    reasons.push(
      'its assertions run in a promise callback that the test neither awaits nor returns: they run after the test has passed. Await it.',
    );
  }
  for (const e of expects) {
    const problem = expectProblem(e);
    if (problem && !reasons.includes(problem)) reasons.push(problem);
  }
  const mock = selfMock(test.body, expects, setting);
  if (mock) reasons.push(mock);
  return reasons;
}

function repoImports(root: Node, isRepoModule: IsRepoModule): RepoBindings {
  const names = new Map<string, string>();
  for (const node of root.namedChildren) {
    const bindings =
      node.type === 'import_statement'
        ? importBindings(node)
        : node.type === 'lexical_declaration' || node.type === 'variable_declaration'
          ? node.namedChildren.flatMap((d) => {
              const value = d.childForFieldName('value');
              const name = d.childForFieldName('name');
              const from = value ? requiredModule(value) : null;
              return from && name ? requireBindings(name, from) : [];
            })
          : [];
    for (const b of bindings) if (isRepoModule(b.from)) names.set(b.local, b.from);
  }
  return { names };
}

/** `node` and its ancestors, up to but not including the test's body. */
function* upTo(node: Node, body: Node): Generator<Node> {
  for (
    let current: Node | null = node;
    current && current.id !== body.id;
    current = current.parent
  ) {
    yield current;
  }
}

/** The `expect(…)` calls of a test that can run: not under `if (false)`, not after a return or throw. */
function liveExpects(body: Node): Node[] {
  return body
    .descendantsOfType('call_expression')
    .filter((call) => call.childForFieldName('function')?.text === 'expect' && !isDead(call, body));
}

function isDead(node: Node, body: Node): boolean {
  for (const current of upTo(node, body)) {
    const parent = current.parent;
    if (
      parent?.type === 'if_statement' &&
      parent.childForFieldName('consequence')?.id === current.id
    ) {
      const condition = parent.childForFieldName('condition')?.text.replace(/[()\s]/g, '');
      if (condition === 'false' || condition === '0') return true;
    }
    if (parent?.type === 'statement_block') {
      const siblings = parent.namedChildren;
      const index = siblings.findIndex((s) => s.id === current.id);
      if (
        siblings
          .slice(0, index)
          .some((s) => s.type === 'return_statement' || s.type === 'throw_statement')
      )
        return true;
    }
  }
  return false;
}

/** What is wrong with one `expect(subject).matcher(expected)`, or null. */
function expectProblem(expectCall: Node): string | null {
  const subject = expectCall.childForFieldName('arguments')?.namedChildren[0];
  const chain = matcherChain(expectCall);
  if (!chain)
    return 'expect(…) is never followed by a matcher, so it asserts nothing: add .toBe(…) or .toEqual(…).';
  if (SNAPSHOT_MATCHERS.has(chain.matcher)) {
    return `it uses ${chain.matcher}: a snapshot written on the first run agrees with itself. State the expected value.`;
  }
  if (!subject) return null;
  if (LITERAL_TYPES.has(subject.type) || isLiteralStructure(subject)) {
    return `its assertion's subject is a literal (${subject.text.slice(0, 40)}): it cannot fail. Assert on what the code returns.`;
  }
  const expected = chain.call.childForFieldName('arguments')?.namedChildren[0];
  if (expected && expected.text === subject.text)
    return `it compares ${subject.text.slice(0, 40)} with itself, which cannot fail.`;
  return null;
}

/** An array, object or expression built of literals alone (`[1, 2]`, `1 + 1`): it is the same on every run. */
function isLiteralStructure(node: Node): boolean {
  if (
    ![
      'array',
      'object',
      'binary_expression',
      'unary_expression',
      'parenthesized_expression',
    ].includes(node.type)
  )
    return false;
  return (
    node.descendantsOfType([
      'identifier',
      'shorthand_property_identifier',
      'this',
      'call_expression',
      'new_expression',
      'await_expression',
    ]).length === 0
  );
}

/** `expect(x).not.resolves.toBe(y)`: the final matcher name and its call, or null when there is none. */
function matcherChain(expectCall: Node): { matcher: string; call: Node } | null {
  let current: Node = expectCall;
  for (;;) {
    const parent = current.parent;
    if (
      parent?.type !== 'member_expression' ||
      parent.childForFieldName('object')?.id !== current.id
    )
      return null;
    const property = parent.childForFieldName('property')?.text ?? '';
    const grand = parent.parent;
    if (grand?.type === 'call_expression' && grand.childForFieldName('function')?.id === parent.id)
      return { matcher: property, call: grand };
    current = parent;
  }
}

/** True when `node` is in a try block whose catch clause does not throw again. */
function swallowedByCatch(node: Node, body: Node): boolean {
  for (const current of upTo(node, body)) {
    const parent = current.parent;
    if (parent?.type !== 'try_statement' || parent.childForFieldName('body')?.id !== current.id)
      continue;
    const handler = parent.childForFieldName('handler');
    if (handler && handler.descendantsOfType('throw_statement').length === 0) return true;
  }
  return false;
}

/** True when `node` runs in a `.then`/`.catch`/`.finally` callback of a statement that is not awaited or returned. */
function inUnawaitedCallback(node: Node, body: Node): boolean {
  for (const current of upTo(node, body)) {
    if (current.type !== 'arrow_function' && current.type !== 'function_expression') continue;
    const call = current.parent?.parent;
    const method = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (
      method?.type !== 'member_expression' ||
      !/^(then|catch|finally)$/.test(method.childForFieldName('property')?.text ?? '')
    )
      continue;
    let top: Node = call!;
    while (
      top.parent &&
      (top.parent.type === 'member_expression' || top.parent.type === 'call_expression')
    )
      top = top.parent;
    if (top.parent?.type === 'expression_statement') return true;
  }
  return false;
}
