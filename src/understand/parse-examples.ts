import type Parser from 'tree-sitter';
import type { Example, ExampleImport } from '../core/requirement';
import { importBindings, requireBindings, requiredModule, stringValue } from './module-bindings';
import type { SourceParser } from './source-parser';
import { commentBody, doctestToComments, isDoctest, statedResult } from './stated-result';

type Node = Parser.SyntaxNode;

const VALUE_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual']);
const THROW_MATCHERS = new Set(['toThrow', 'toThrowError']);

interface ReadState {
  setup: string[];
  imports: ExampleImport[];
  /** `const r = f(x)`: a later `r // value` states what the call gave. */
  declaredCalls: Map<string, { call: string; callee: string }>;
  examples: Example[];
}

/**
 * Reads the examples of a code block: each call with the result the text states for it, and the
 * setup lines and imports before it. `firstLine` is the block's first line in its file.
 */
export function parseExamples(code: string, firstLine: number, parser: SourceParser): Example[] {
  const source = isDoctest(code) ? doctestToComments(code) : code;
  const tree = parser.parse(source, 'typescript');
  const state: ReadState = { setup: [], imports: [], declaredCalls: new Map(), examples: [] };
  const nodes = tree.rootNode.namedChildren;
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i]!;
    if (node.type === 'comment' || node.type === 'ERROR') continue;
    const comments = commentsAfter(nodes, i);
    readStatement(node, comments, firstLine, state, parser);
  }
  return state.examples;
}

function readStatement(
  node: Node,
  comments: string[],
  firstLine: number,
  state: ReadState,
  parser: SourceParser,
) {
  if (node.type === 'import_statement') {
    state.imports.push(...importBindings(node));
    return;
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    readDeclaration(node, comments, firstLine, state, parser);
    return;
  }
  if (node.type !== 'expression_statement') {
    state.setup.push(codeOf(node));
    return;
  }
  const expression = node.namedChildren[0];
  if (!expression) return;
  const stated = expectOf(expression) ?? statedWithComment(expression, comments, state, parser);
  if (!stated) {
    // A call with no stated result changes state that later examples rely on (addRule, push).
    if (containsCall(expression)) state.setup.push(codeOf(node));
    return;
  }
  state.examples.push({
    ...stated,
    setup: [...state.setup],
    imports: [...state.imports],
    line: firstLine + node.startPosition.row,
    symbolId: null,
  });
  // `s.push(2); //=> 2` states a result and also changes `s`, which later examples rely on.
  if (stated.expected.kind === 'value' && changesLocalObject(stated.callee, state.setup))
    state.setup.push(codeOf(node));
}

/** True when the callee is a method of an object that the block's own setup declared. */
function changesLocalObject(callee: string, setup: string[]): boolean {
  const [root, member] = callee.split('.');
  if (!root || !member) return false;
  return setup.some((line) =>
    new RegExp(`\\b(?:const|let|var)\\s+${root.replace(/\$/g, '\\$')}\\s*=`).test(line),
  );
}

type Stated = Pick<Example, 'call' | 'callee' | 'inner' | 'expected'>;

function readDeclaration(
  node: Node,
  comments: string[],
  firstLine: number,
  state: ReadState,
  parser: SourceParser,
) {
  const declarators = node.namedChildren.filter((d) => d.type === 'variable_declarator');
  for (const declarator of declarators) {
    const name = declarator.childForFieldName('name');
    const value = declarator.childForFieldName('value');
    if (!name || !value) continue;
    const required = requiredModule(value);
    if (required) {
      state.imports.push(...requireBindings(name, required));
      return;
    }
    const call = unwrapCall(value);
    if (call && name.type === 'identifier') {
      state.declaredCalls.set(name.text, { call: value.text, callee: calleeOf(call) });
    }
  }
  const only = declarators.length === 1 ? declarators[0]?.childForFieldName('value') : null;
  const expected = only && unwrapCall(only) ? statedResult(comments, parser) : null;
  if (only && expected) {
    state.examples.push({
      call: only.text,
      callee: calleeOf(unwrapCall(only)!),
      inner: innerNames(unwrapCall(only)!),
      expected,
      setup: [...state.setup],
      imports: [...state.imports],
      line: firstLine + node.startPosition.row,
      symbolId: null,
    });
  }
  state.setup.push(codeOf(node));
}

/** A statement's code without the comments tree-sitter folded into it. */
function codeOf(node: Node): string {
  const comment = node.namedChildren.find((c) => c.type === 'comment');
  if (!comment) return node.text;
  return node.text.slice(0, comment.startIndex - node.startIndex).trimEnd();
}

function statedWithComment(
  expression: Node,
  comments: string[],
  state: ReadState,
  parser: SourceParser,
): Stated | null {
  const expected = statedResult(comments, parser);
  if (!expected) return null;
  const subject = consoleLogArgument(expression) ?? expression;
  const call = unwrapCall(subject);
  if (call)
    return { call: subject.text, callee: calleeOf(call), inner: innerNames(call), expected };
  if (subject.type === 'identifier') {
    const declared = state.declaredCalls.get(subject.text);
    if (declared) return { call: subject.text, callee: declared.callee, expected };
  }
  return null;
}

/** `expect(call).toBe(value)`, `.toEqual`, `.toThrow(Type)`, with `.resolves` / `.rejects`. */
function expectOf(expression: Node): Stated | null {
  const outer = expression.type === 'await_expression' ? expression.namedChildren[0] : expression;
  if (outer?.type !== 'call_expression') return null;
  const fn = outer.childForFieldName('function');
  if (fn?.type !== 'member_expression') return null;
  const matcher = fn.childForFieldName('property')?.text ?? '';
  const chain: string[] = [];
  let object = fn.childForFieldName('object');
  while (object?.type === 'member_expression') {
    chain.unshift(object.childForFieldName('property')?.text ?? '');
    object = object.childForFieldName('object');
  }
  if (object?.type !== 'call_expression' || object.childForFieldName('function')?.text !== 'expect')
    return null;
  if (chain.includes('not')) return null;
  const subject = object.childForFieldName('arguments')?.namedChildren[0];
  const arg = outer.childForFieldName('arguments')?.namedChildren[0];
  if (!subject) return null;
  const called = subject.type === 'arrow_function' ? subject.childForFieldName('body') : subject;
  const call = called ? unwrapCall(called) : null;
  if (!called || !call) return null;
  if (THROW_MATCHERS.has(matcher)) {
    const errorType = arg?.type === 'identifier' ? arg.text : null;
    const message = arg?.type === 'string' ? stringValue(arg) : null;
    return {
      call: called.text,
      callee: calleeOf(call),
      inner: innerNames(call),
      expected: { kind: 'throws', errorType, message },
    };
  }
  if (!arg) return null;
  if (VALUE_MATCHERS.has(matcher) || matcher === 'toBeCloseTo') {
    const approximate = matcher === 'toBeCloseTo';
    return {
      call: called.text,
      callee: calleeOf(call),
      inner: innerNames(call),
      expected: { kind: 'value', text: arg.text, approximate },
    };
  }
  return null;
}

/** The comment texts that state a result for nodes[i]: on its last line, then on the lines right after. */
function commentsAfter(nodes: Node[], i: number): string[] {
  const node = nodes[i]!;
  // Without a semicolon, tree-sitter makes a trailing comment part of the statement.
  const out = node.namedChildren
    .filter((c) => c.type === 'comment')
    .map((c) => commentBody(c.text));
  let row = node.endPosition.row;
  for (let j = i + 1; j < nodes.length; j += 1) {
    const next = nodes[j]!;
    if (next.type !== 'comment') break;
    const sameLine = next.startPosition.row === node.endPosition.row;
    if (!sameLine && next.startPosition.row !== row + 1) break;
    out.push(commentBody(next.text));
    row = next.endPosition.row;
  }
  return out;
}

/** The call in an expression: itself, under `await`, or under `new`. Null when nothing is called. */
function unwrapCall(node: Node): Node | null {
  let current: Node | null = node;
  while (
    current &&
    (current.type === 'await_expression' || current.type === 'parenthesized_expression')
  ) {
    current = current.namedChildren[0] ?? null;
  }
  if (current?.type === 'call_expression' || current?.type === 'new_expression') return current;
  return null;
}

/** The called name: `R.add` for `R.add(7)(10)`, `Stack` for `new Stack()`. */
function calleeOf(call: Node): string {
  let fn: Node | null = call.childForFieldName(
    call.type === 'new_expression' ? 'constructor' : 'function',
  );
  while (fn?.type === 'call_expression') fn = fn.childForFieldName('function');
  return (fn?.text ?? call.text).replace(/\?\./g, '.');
}

/** The names a call reaches inside it, called or passed as an argument, in order (see Example.inner). */
function innerNames(call: Node): string[] {
  const names: string[] = [];
  const outer = calleeOf(call);
  const add = (name: string) => {
    if (name !== outer && !names.includes(name)) names.push(name);
  };
  const visit = (node: Node) => {
    if (node.type === 'call_expression' || node.type === 'new_expression') {
      if (node !== call) add(calleeOf(node));
      for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg.type === 'identifier' || arg.type === 'member_expression') add(arg.text);
      }
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(call);
  return names;
}

function containsCall(node: Node): boolean {
  return node.type === 'call_expression' || node.descendantsOfType('call_expression').length > 0;
}

function consoleLogArgument(expression: Node): Node | null {
  if (expression.type !== 'call_expression') return null;
  if (!/^console\.(log|info)$/.test(expression.childForFieldName('function')?.text ?? ''))
    return null;
  const args = expression.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 1 ? args[0]! : null;
}
