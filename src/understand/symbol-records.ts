import type Parser from 'tree-sitter';
import type { CodeSymbol, JsDoc, Parameter, SymbolKind } from '../core/code-symbol';
import { readJsDoc } from './read-jsdoc';

type Node = Parser.SyntaxNode;

export const FUNCTION_VALUES = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'generator_function',
]);
export const CLASS_DECLARATIONS = new Set(['class_declaration', 'abstract_class_declaration']);

/**
 * The function a binding holds: `const f = () => …`, `const f = function () {…}`, or a
 * wrapped one such as Ramda's `var add = _curry2(function add(a, b) {…})`.
 */
export function functionValueOf(value: Node): Node | null {
  if (FUNCTION_VALUES.has(value.type)) return value;
  if (value.type === 'call_expression') {
    const args = value.childForFieldName('arguments');
    const inner = args?.namedChildren.find((a) => FUNCTION_VALUES.has(a.type));
    if (inner) return inner;
  }
  return null;
}

export function functionSymbol(
  name: string,
  fn: Node,
  head: Node,
  docHost: Node,
  file: string,
): CodeSymbol {
  return {
    ...baseSymbol(name, 'function', fn, file),
    line: docHost.startPosition.row + 1,
    endLine: docHost.endPosition.row + 1,
    signature: signatureOf(name, fn, head),
    params: paramsOf(fn),
    returnType: typeText(fn.childForFieldName('return_type')),
    async: fn.children.some((c) => c.type === 'async'),
    generator: fn.type.includes('generator') || fn.children.some((c) => c.type === '*'),
    jsdoc: withOverloads(name, docHost),
  };
}

export function classSymbols(name: string, node: Node, docHost: Node, file: string): CodeSymbol[] {
  const heritage = node.namedChildren.find((c) => c.type === 'class_heritage')?.text;
  const cls: CodeSymbol = {
    ...baseSymbol(name, 'class', node, file),
    line: docHost.startPosition.row + 1,
    signature: `class ${name}${heritage ? ` ${heritage}` : ''}`,
    jsdoc: jsdocBefore(docHost),
  };
  const body = node.childForFieldName('body');
  // A class's parameters are its constructor's: what a test must hand it (its collaborators).
  const constructor = body?.namedChildren.find(
    (m) => m.type === 'method_definition' && m.childForFieldName('name')?.text === 'constructor',
  );
  if (constructor) cls.params = paramsOf(constructor);
  const methods = (body?.namedChildren ?? []).flatMap((member) => methodOf(member, name, file));
  return [cls, ...methods];
}

function methodOf(member: Node, className: string, file: string): CodeSymbol[] {
  let fn: Node | null = null;
  if (member.type === 'method_definition' || member.type === 'abstract_method_signature')
    fn = member;
  if (member.type === 'public_field_definition' || member.type === 'field_definition') {
    const value = member.childForFieldName('value');
    fn = value && FUNCTION_VALUES.has(value.type) ? value : null;
  }
  const name = (member.childForFieldName('name') ?? member.childForFieldName('property'))?.text;
  if (!fn || !name || name === 'constructor') return [];
  const modifiers = member.children
    .filter(
      (c) =>
        ['static', 'get', 'set', 'abstract', 'readonly'].includes(c.type) ||
        c.type === 'accessibility_modifier',
    )
    .map((c) => c.text);
  if (name.startsWith('#')) modifiers.push('private');
  return [
    {
      ...baseSymbol(name, 'method', member, file),
      id: `${file}#${className}.${name}`,
      className,
      signature: signatureOf(name, fn, member),
      params: paramsOf(fn),
      returnType: typeText(fn.childForFieldName('return_type')),
      async:
        member.children.some((c) => c.type === 'async') ||
        fn.children.some((c) => c.type === 'async'),
      generator: member.children.some((c) => c.type === '*'),
      modifiers,
      jsdoc: jsdocBefore(member),
    },
  ];
}

function baseSymbol(name: string, kind: SymbolKind, node: Node, file: string): CodeSymbol {
  return {
    id: `${file}#${name}`,
    name,
    kind,
    className: null,
    file,
    line: node.startPosition.row + 1,
    endLine: node.endPosition.row + 1,
    exported: 'none',
    reexports: [],
    signature: name,
    params: [],
    returnType: null,
    async: false,
    generator: false,
    modifiers: [],
    jsdoc: null,
  };
}

function signatureOf(name: string, fn: Node, head: Node): string {
  const asyncPrefix = fn.children.some((c) => c.type === 'async') ? 'async ' : '';
  const typeParams = fn.childForFieldName('type_parameters')?.text ?? '';
  const params =
    fn.childForFieldName('parameters')?.text ?? fn.childForFieldName('parameter')?.text ?? '()';
  const wrapped = params.startsWith('(') ? params : `(${params})`;
  const returnType = fn.childForFieldName('return_type')?.text ?? '';
  const keyword = head.type.includes('function_declaration') ? 'function ' : '';
  return `${asyncPrefix}${keyword}${name}${typeParams}${wrapped}${returnType}`.replace(/\s+/g, ' ');
}

function paramsOf(fn: Node): Parameter[] {
  const single = fn.childForFieldName('parameter');
  if (single)
    return [{ name: single.text, type: null, optional: false, defaultValue: null, rest: false }];
  const list = fn.childForFieldName('parameters');
  return (list?.namedChildren ?? []).filter((p) => p.type !== 'comment').map(parameterOf);
}

function parameterOf(node: Node): Parameter {
  // TypeScript wraps each parameter (required_parameter / optional_parameter); JavaScript does not.
  const pattern = node.childForFieldName('pattern') ?? node;
  const defaultNode =
    node.childForFieldName('value') ??
    (pattern.type === 'assignment_pattern' ? pattern.childForFieldName('right') : null);
  const target =
    pattern.type === 'assignment_pattern'
      ? (pattern.childForFieldName('left') ?? pattern)
      : pattern;
  const rest = target.type === 'rest_pattern';
  const name = rest ? (target.namedChildren[0]?.text ?? target.text) : target.text;
  return {
    name,
    type: typeText(node.childForFieldName('type')),
    optional: node.type === 'optional_parameter' || defaultNode !== null,
    defaultValue: defaultNode?.text ?? null,
    rest,
  };
}

function typeText(annotation: Node | null): string | null {
  if (!annotation) return null;
  return annotation.text.replace(/^:\s*/, '');
}

/** Tags that make a comment the file's own header, not the doc of what follows it. */
const FILE_HEADER =
  /@(?:module|file|fileoverview|overview|license|copyright|packageDocumentation)\b/;

/**
 * The JSDoc right before a node: on the line above, or above blank lines when it is a `/**`
 * block that is not the file's header.
 */
export function jsdocBefore(node: Node): JsDoc | null {
  const previous = node.previousNamedSibling;
  if (previous?.type !== 'comment') return null;
  const adjacent = node.startPosition.row - previous.endPosition.row <= 1;
  if (!adjacent && (!previous.text.startsWith('/**') || FILE_HEADER.test(previous.text)))
    return null;
  return readJsDoc(previous.text, previous.startPosition.row + 1);
}

/**
 * The docs of a function and of the overload signatures before it (`function pad(n: number):
 * string;`), as one: each signature's examples count for the function they declare.
 */
function withOverloads(name: string, docHost: Node): JsDoc | null {
  const docs: JsDoc[] = [];
  const own = jsdocBefore(docHost);
  if (own) docs.push(own);
  let statement = own ? docHost.previousNamedSibling : docHost;
  for (;;) {
    statement = statement?.previousNamedSibling ?? null;
    if (!statement || !isOverloadOf(statement, name)) break;
    const doc = jsdocBefore(statement);
    if (doc) docs.unshift(doc);
    if (doc) statement = statement.previousNamedSibling;
  }
  if (docs.length <= 1) return docs[0] ?? null;
  const [first] = docs;
  return {
    ...first!,
    summary: docs.map((d) => d.summary).filter(Boolean)[0] ?? '',
    params: docs.find((d) => d.params.length > 0)?.params ?? [],
    returns: docs.find((d) => d.returns)?.returns ?? null,
    throws: docs.flatMap((d) => d.throws),
    examples: docs.flatMap((d) => d.examples),
    text: docs.map((d) => d.text).join('\n'),
  };
}

/** `function name(…): T;` or `export function name(…): T;`, an overload's signature. */
function isOverloadOf(statement: Node, name: string): boolean {
  const signature =
    statement.type === 'export_statement'
      ? statement.namedChildren.find((c) => c.type === 'function_signature')
      : statement.type === 'function_signature'
        ? statement
        : undefined;
  return signature?.childForFieldName('name')?.text === name;
}
