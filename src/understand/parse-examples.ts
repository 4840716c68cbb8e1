import escapeStringRegexp from 'escape-string-regexp';
import type Parser from 'tree-sitter';
import type { Example, ExampleImport, SkippedExample } from '../core/requirement';
import { importBindings, requireBindings, requiredModule, stringValue } from './module-bindings';
import type { SourceParser } from './source-parser';
import {
  commentBody,
  doctestToComments,
  isDoctest,
  statedResult,
  statesResult,
} from './stated-result';

type Node = Parser.SyntaxNode;

const VALUE_MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual']);
const THROW_MATCHERS = new Set(['toThrow', 'toThrowError']);

interface ReadState {
  setup: string[];
  imports: ExampleImport[];
  /** `const r = f(x)`: a later `r // value` states what the call gave. */
  declaredCalls: Map<string, { call: string; callee: string }>;
  examples: Example[];
  skipped: SkippedExample[];
}

/**
 * Reads the examples of a code block: each call with the result the text states for it, and the
 * setup lines and imports before it that it needs; and the calls shown with a result that could
 * not be read, each with why. `firstLine` is the block's first line in its file.
 */
export function readExamples(
  code: string,
  firstLine: number,
  parser: SourceParser,
): { examples: Example[]; skipped: SkippedExample[] } {
  const source = isDoctest(code) ? doctestToComments(code) : code;
  const tree = parser.parse(source, 'typescript');
  const state: ReadState = {
    setup: [],
    imports: [],
    declaredCalls: new Map(),
    examples: [],
    skipped: [],
  };
  const nodes = tree.rootNode.namedChildren;
  for (let i = 0; i < nodes.length; i += 1) {
    const node = nodes[i]!;
    if (node.type === 'comment') continue;
    if (node.type === 'ERROR') {
      if (statesResult(commentsAfter(nodes, i)))
        state.skipped.push({
          call: firstLineOf(node.text),
          line: firstLine + node.startPosition.row,
          reason: 'the code is not valid JavaScript',
        });
      continue;
    }
    const comments = commentsAfter(nodes, i);
    readStatement(node, comments, firstLine, state, parser);
  }
  return { examples: state.examples, skipped: state.skipped };
}

/** The examples of several code blocks, and their skipped calls, as a requirement holds them. */
export function readBlocks(
  blocks: { code: string; line: number }[],
  parser: SourceParser,
): { examples: Example[]; skippedExamples: SkippedExample[] } {
  const read = blocks.map((b) => readExamples(b.code, b.line, parser));
  return {
    examples: read.flatMap((r) => r.examples),
    skippedExamples: read.flatMap((r) => r.skipped),
  };
}

/** The examples alone (see readExamples). */
export function parseExamples(code: string, firstLine: number, parser: SourceParser): Example[] {
  return readExamples(code, firstLine, parser).examples;
}

function firstLineOf(text: string): string {
  return text.split('\n')[0]!.trim().slice(0, 120);
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
    if (statesResult(comments) && containsCall(expression))
      state.skipped.push({
        call: firstLineOf(codeOf(node)),
        line: firstLine + node.startPosition.row,
        reason: `its stated result is prose, not a value: "${comments[0]!.trim().slice(0, 80)}"`,
      });
    // A call with no stated result changes state that later examples rely on (addRule, push).
    else if (containsCall(expression)) state.setup.push(codeOf(node));
    return;
  }
  state.examples.push({
    ...stated,
    setup: neededSetup(state.setup, stated),
    imports: [...state.imports],
    line: firstLine + node.startPosition.row,
    symbolId: null,
  });
  // `s.push(2); //=> 2` states a result and also changes `s`, which later examples rely on.
  if (stated.expected.kind === 'value' && changesLocalObject(stated.callee, state.setup))
    state.setup.push(codeOf(node));
}

/**
 * The setup lines an example needs, of those before it in its block, so that a test carries
 * no leftovers: a declaration of a name the example (or a needed line) uses; a call that may
 * change state, such as `pluralize.addPluralRule(…)`, `s.push(1)` or `s.pop()`; never logging,
 * nor a bare call of the example's own function (not a method) whose result went unstated.
 */
function neededSetup(
  setup: string[],
  { call, callee }: { call: string; callee: string },
): string[] {
  const needed = new Set(identifiers(call));
  const kept: string[] = [];
  for (const line of [...setup].reverse()) {
    const declared = declaredNames(line);
    const keep =
      declared.length > 0
        ? declared.some((name) => needed.has(name))
        : !LOGGING.test(line) && !(calledName(line) === callee && !callee.includes('.'));
    if (!keep) continue;
    kept.unshift(line);
    for (const name of identifiers(line)) needed.add(name);
  }
  return kept;
}

/** A statement that only prints, or a loop around printing: docs show output with them. */
const LOGGING = /^\s*(?:console\.\w+\s*\(|(?:for|while)\b[\s\S]*\bconsole\.\w+\s*\()/;

const DECLARED =
  /^\s*(?:export\s+)?(?:const|let|var|function\*?|class|async\s+function)\s+(?:([A-Za-z_$][\w$]*)|\{([^}]*)\}|\[([^\]]*)\])/;

/** The names a declaration line binds: `const a = …`, `const { a, b: c } = …`, `function f`. */
function declaredNames(line: string): string[] {
  const match = DECLARED.exec(line);
  if (!match) return [];
  if (match[1]) return [match[1]];
  return (match[2] ?? match[3] ?? '')
    .split(',')
    .map((part) =>
      part
        .split(':')
        .pop()!
        .split('=')[0]!
        .replace(/^\s*\.\.\./, '')
        .trim(),
    )
    .filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
}

/** The function a bare call statement calls, through any chain on its result: `pick` in `pick(x).toArray()`. */
function calledName(line: string): string | null {
  return /^\s*(?:await\s+)?([A-Za-z_$][\w$.]*)\s*\(/.exec(line)?.[1] ?? null;
}

function identifiers(code: string): string[] {
  return code.match(/(?<![\w$.])[A-Za-z_$][\w$]*/g) ?? [];
}

/** True when the callee is a method of an object that the block's own setup declared. */
function changesLocalObject(callee: string, setup: string[]): boolean {
  const [root, member] = callee.split('.');
  if (!root || !member) return false;
  return setup.some((line) =>
    new RegExp(`\\b(?:const|let|var)\\s+${escapeStringRegexp(root)}\\s*=`).test(line),
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
      setup: neededSetup(state.setup, { call: only.text, callee: calleeOf(unwrapCall(only)!) }),
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

/**
 * The called name: `R.add` for `R.add(7)(10)`, `Stack` for `new Stack()`, and for a chain of
 * calls on what a call returned, the first: `paint` for `paint('#000').lighten(0.5).toHex()`.
 */
function calleeOf(call: Node): string {
  let fn: Node | null = call.childForFieldName(
    call.type === 'new_expression' ? 'constructor' : 'function',
  );
  for (;;) {
    if (fn?.type === 'call_expression') fn = fn.childForFieldName('function');
    else if (fn?.type === 'member_expression' && chainedOn(fn)) {
      const inner = chainedOn(fn)!;
      fn = inner.childForFieldName(inner.type === 'new_expression' ? 'constructor' : 'function');
    } else break;
  }
  return (fn?.text ?? call.text).replace(/\?\./g, '.');
}

/** The call whose result a member is read from: `paint('#000')` in `paint('#000').toHex`. */
function chainedOn(member: Node): Node | null {
  let object = member.childForFieldName('object');
  while (object?.type === 'parenthesized_expression') object = object.namedChildren[0] ?? null;
  return object?.type === 'call_expression' || object?.type === 'new_expression' ? object : null;
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
