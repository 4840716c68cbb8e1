import type Parser from 'tree-sitter';
import type { CodeSymbol, JsDoc, Parameter, SymbolKind } from '../core/code-symbol';
import { importBindings, requireBindings, requiredModule, stringValue } from './module-bindings';
import { readJsDoc } from './read-jsdoc';

type Node = Parser.SyntaxNode;

/** What a module makes visible: its own bindings, and what it passes on from other modules. */
export interface ModuleExports {
  /** Exported name → the local binding it names. */
  local: Map<string, string>;
  /** `export { a as b } from './x'`: `imported` is a name, `default` or `*`. */
  reexports: { exported: string; from: string; imported: string }[];
  /** `export * from './x'`. */
  stars: string[];
  /** `import { a as b } from './x'`, `const b = require('./x')`: local name → where it comes from. */
  imports: Map<string, { from: string; imported: string }>;
}

export interface ExtractedModule {
  symbols: CodeSymbol[];
  exports: ModuleExports;
}

const FUNCTION_VALUES = new Set([
  'arrow_function',
  'function_expression',
  'function',
  'generator_function',
]);
const CLASS_DECLARATIONS = new Set(['class_declaration', 'abstract_class_declaration']);

/**
 * Finds a module's functions, classes and methods, with their docs and how each is exported.
 * Export kinds are final only after barrels are resolved (see resolveExports).
 */
export function extractSymbols(tree: Parser.Tree, file: string): ExtractedModule {
  const symbols: CodeSymbol[] = [];
  const exports: ModuleExports = { local: new Map(), reexports: [], stars: [], imports: new Map() };
  for (const statement of tree.rootNode.namedChildren) {
    readStatement(statement, file, symbols, exports);
  }
  for (const symbol of symbols) {
    if (symbol.kind === 'method') continue;
    symbol.exported = exportKindOf(symbol.name, exports.local);
  }
  for (const method of symbols) {
    if (method.kind !== 'method') continue;
    const owner = symbols.find((s) => s.kind === 'class' && s.name === method.className);
    method.exported = owner?.exported ?? 'none';
  }
  return { symbols, exports };
}

function exportKindOf(name: string, local: Map<string, string>): CodeSymbol['exported'] {
  let kind: CodeSymbol['exported'] = 'none';
  for (const [exported, binding] of local) {
    if (binding !== name) continue;
    if (exported !== 'default') return 'named';
    kind = 'default';
  }
  return kind;
}

function readStatement(node: Node, file: string, symbols: CodeSymbol[], exports: ModuleExports) {
  switch (node.type) {
    case 'export_statement':
      readExport(node, file, symbols, exports);
      return;
    case 'import_statement':
      for (const b of importBindings(node)) exports.imports.set(b.local, b);
      return;
    case 'expression_statement':
      readCommonJsExport(node, file, symbols, exports);
      return;
    default:
      readDeclaration(node, node, file, symbols, exports);
  }
}

/** A declaration that may stand alone or inside `export`; `docHost` is the node its JSDoc precedes. */
function readDeclaration(
  node: Node,
  docHost: Node,
  file: string,
  symbols: CodeSymbol[],
  exports: ModuleExports,
): string[] {
  if (node.type === 'function_declaration' || node.type === 'generator_function_declaration') {
    const name = node.childForFieldName('name')?.text;
    if (!name) return [];
    symbols.push(functionSymbol(name, node, node, docHost, file));
    return [name];
  }
  if (CLASS_DECLARATIONS.has(node.type)) {
    const name = node.childForFieldName('name')?.text;
    if (!name) return [];
    symbols.push(...classSymbols(name, node, docHost, file));
    return [name];
  }
  if (node.type === 'lexical_declaration' || node.type === 'variable_declaration') {
    return node.namedChildren
      .filter((d) => d.type === 'variable_declarator')
      .flatMap((declarator) => readDeclarator(declarator, docHost, file, symbols, exports));
  }
  return [];
}

function readDeclarator(
  declarator: Node,
  docHost: Node,
  file: string,
  symbols: CodeSymbol[],
  exports: ModuleExports,
): string[] {
  const nameNode = declarator.childForFieldName('name');
  const value = declarator.childForFieldName('value');
  if (!nameNode || !value) return [];
  const required = requiredModule(value);
  if (required) {
    for (const b of requireBindings(nameNode, required)) exports.imports.set(b.local, b);
    return [];
  }
  if (nameNode.type !== 'identifier') return [];
  const name = nameNode.text;
  const fn = functionValueOf(value);
  if (fn) {
    symbols.push(functionSymbol(name, fn, declarator, docHost, file));
    return [name];
  }
  if (value.type === 'class') {
    symbols.push(...classSymbols(name, value, docHost, file));
    return [name];
  }
  return [];
}

/**
 * The function a binding holds: `const f = () => …`, `const f = function () {…}`, or a
 * wrapped one such as Ramda's `var add = _curry2(function add(a, b) {…})`.
 */
function functionValueOf(value: Node): Node | null {
  if (FUNCTION_VALUES.has(value.type)) return value;
  if (value.type === 'call_expression') {
    const args = value.childForFieldName('arguments');
    const inner = args?.namedChildren.find((a) => FUNCTION_VALUES.has(a.type));
    if (inner) return inner;
  }
  return null;
}

function readExport(node: Node, file: string, symbols: CodeSymbol[], exports: ModuleExports) {
  const source = node.childForFieldName('source');
  const from = source ? stringValue(source) : null;
  const isDefault = node.children.some((c) => c.type === 'default');
  const declaration = node.childForFieldName('declaration');
  if (declaration) {
    const names = readDeclaration(declaration, node, file, symbols, exports);
    for (const name of names) exports.local.set(isDefault ? 'default' : name, name);
    if (isDefault && names.length === 0)
      readAnonymousDefault(declaration, node, file, symbols, exports);
    return;
  }
  const value = node.childForFieldName('value');
  if (isDefault && value) {
    if (value.type === 'identifier') exports.local.set('default', value.text);
    else readAnonymousDefault(value, node, file, symbols, exports);
    return;
  }
  const clause = node.namedChildren.find((c) => c.type === 'export_clause');
  if (clause) {
    for (const spec of clause.namedChildren.filter((c) => c.type === 'export_specifier')) {
      const local = spec.childForFieldName('name')?.text ?? '';
      const exported = spec.childForFieldName('alias')?.text ?? local;
      if (from) exports.reexports.push({ exported, from, imported: local });
      else exports.local.set(exported, local);
    }
    return;
  }
  if (from) {
    const namespace = node.namedChildren.find((c) => c.type === 'namespace_export');
    const alias = namespace?.namedChildren[0]?.text;
    if (alias) exports.reexports.push({ exported: alias, from, imported: '*' });
    else exports.stars.push(from);
  }
}

/** `export default function () {}` and kin: named after the file, as importers usually do. */
function readAnonymousDefault(
  value: Node,
  docHost: Node,
  file: string,
  symbols: CodeSymbol[],
  exports: ModuleExports,
) {
  const name = fileStem(file);
  const fn = functionValueOf(value) ?? (value.type === 'function_declaration' ? value : null);
  if (fn) symbols.push(functionSymbol(name, fn, fn, docHost, file));
  else if (value.type === 'class' || CLASS_DECLARATIONS.has(value.type))
    symbols.push(...classSymbols(name, value, docHost, file));
  else return;
  exports.local.set('default', name);
}

/** `module.exports = x`, `module.exports = { a, b }`, `exports.a = …`, `module.exports.a = …`. */
function readCommonJsExport(
  node: Node,
  file: string,
  symbols: CodeSymbol[],
  exports: ModuleExports,
) {
  const expr = node.namedChildren[0];
  if (expr?.type !== 'assignment_expression') return;
  const left = expr.childForFieldName('left')?.text ?? '';
  const right = expr.childForFieldName('right');
  if (!right) return;
  if (left === 'module.exports') {
    if (right.type === 'identifier') exports.local.set('default', right.text);
    else if (right.type === 'object') readExportObject(right, exports);
    else readAnonymousDefault(right, node, file, symbols, exports);
    return;
  }
  const member = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(left);
  if (!member?.[1]) return;
  const exported = member[1];
  if (right.type === 'identifier') {
    exports.local.set(exported, right.text);
    return;
  }
  const fn = functionValueOf(right);
  if (fn) {
    symbols.push(functionSymbol(exported, fn, expr, node, file));
    exports.local.set(exported, exported);
  }
}

function readExportObject(object: Node, exports: ModuleExports) {
  for (const prop of object.namedChildren) {
    if (prop.type === 'shorthand_property_identifier') exports.local.set(prop.text, prop.text);
    if (prop.type === 'pair') {
      const key = prop.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '');
      const value = prop.childForFieldName('value');
      if (key && value?.type === 'identifier') exports.local.set(key, value.text);
    }
  }
}

function functionSymbol(
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
    jsdoc: jsdocBefore(docHost),
  };
}

function classSymbols(name: string, node: Node, docHost: Node, file: string): CodeSymbol[] {
  const heritage = node.namedChildren.find((c) => c.type === 'class_heritage')?.text;
  const cls: CodeSymbol = {
    ...baseSymbol(name, 'class', node, file),
    line: docHost.startPosition.row + 1,
    signature: `class ${name}${heritage ? ` ${heritage}` : ''}`,
    jsdoc: jsdocBefore(docHost),
  };
  const body = node.childForFieldName('body');
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

function jsdocBefore(node: Node): JsDoc | null {
  const previous = node.previousNamedSibling;
  if (previous?.type !== 'comment') return null;
  if (node.startPosition.row - previous.endPosition.row > 1) return null;
  return readJsDoc(previous.text, previous.startPosition.row + 1);
}

function fileStem(file: string): string {
  const base = file.split('/').pop() ?? file;
  const stem = base.replace(/\.[^.]+$/, '');
  const name = stem === 'index' ? (file.split('/').slice(-2, -1)[0] ?? stem) : stem;
  return name.replace(/[-_.]+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/[^\w$]/g, '_');
}
