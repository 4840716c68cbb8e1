import type Parser from 'tree-sitter';
import type { CodeSymbol, JsDoc, TypeDeclaration } from '../core/code-symbol';
import { importBindings, requireBindings, requiredModule, stringValue } from './module-bindings';
import {
  CLASS_DECLARATIONS,
  FUNCTION_VALUES,
  classSymbols,
  functionSymbol,
  functionValueOf,
  jsdocBefore,
} from './symbol-records';

type Node = Parser.SyntaxNode;

/** What a module makes visible: its own bindings, and what it passes on from other modules. */
export interface ModuleExports {
  /** Exported name → the local binding it names. */
  local: Map<string, string>;
  /**
   * `export { a as b } from './x'`: `imported` is a name, `default` or `*`; `doc`, the JSDoc
   * above a re-export of one name, which documents that symbol where it has none of its own.
   */
  reexports: { exported: string; from: string; imported: string; doc?: JsDoc }[];
  /** `export * from './x'`. */
  stars: string[];
  /** `import { a as b } from './x'`, `const b = require('./x')`: local name → where it comes from. */
  imports: Map<string, { from: string; imported: string }>;
}

export interface ExtractedModule {
  symbols: CodeSymbol[];
  exports: ModuleExports;
  declarations: TypeDeclaration[];
}

/** What reading one module collects as it goes. */
interface Scope {
  file: string;
  symbols: CodeSymbol[];
  exports: ModuleExports;
  /**
   * Bindings made by a call, `var h = assign(humanizer({}), {…})`: a function only if the
   * module exports it, which is known only at the end.
   */
  callValues: Map<string, { value: Node; docHost: Node }>;
}

/**
 * Finds a module's functions, classes and methods, with their docs and how each is exported.
 * Export kinds are final only after barrels are resolved (see resolveExports).
 */
export function extractSymbols(tree: Parser.Tree, file: string): ExtractedModule {
  const scope: Scope = {
    file,
    symbols: [],
    exports: { local: new Map(), reexports: [], stars: [], imports: new Map() },
    callValues: new Map(),
  };
  for (const statement of tree.rootNode.namedChildren) readStatement(statement, scope);
  const { symbols, exports } = scope;
  for (const binding of new Set(exports.local.values())) {
    const call = scope.callValues.get(binding);
    if (!call) continue;
    if (!symbols.some((s) => s.kind !== 'method' && s.name === binding))
      symbols.push(functionSymbol(binding, call.value, call.value, call.docHost, file));
    symbols.push(...assignedMembers(binding, call.value, scope));
  }
  for (const symbol of symbols) {
    if (symbol.kind === 'method') continue;
    symbol.exported = exportKindOf(symbol.name, exports.local);
  }
  for (const method of symbols) {
    if (method.kind !== 'method') continue;
    const owner = symbols.find((s) => s.kind !== 'method' && s.name === method.className);
    method.exported = owner?.exported ?? 'none';
  }
  return { symbols, exports, declarations: typeDeclarations(tree.rootNode, file) };
}

const TYPE_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration']);
/** A declaration longer than this is cut: its opening says what a collaborator offers. */
const MAX_DECLARATION_CHARS = 1500;

/** The module's top-level interfaces and type aliases, exported or not. */
function typeDeclarations(root: Node, file: string): TypeDeclaration[] {
  return root.namedChildren.flatMap((statement) => {
    const exported = statement.type === 'export_statement';
    const node = exported
      ? statement.namedChildren.find((c) => TYPE_DECLARATIONS.has(c.type))
      : TYPE_DECLARATIONS.has(statement.type)
        ? statement
        : undefined;
    const name = node?.childForFieldName('name')?.text;
    if (!node || !name) return [];
    const comment = statement.previousNamedSibling;
    const doc =
      comment?.type === 'comment' && comment.endPosition.row + 1 === statement.startPosition.row
        ? comment
        : null;
    const text = `${doc ? `${doc.text}\n` : ''}${statement.text}`;
    return [
      {
        id: `${file}#${name}`,
        name,
        file,
        line: (doc ?? statement).startPosition.row + 1,
        endLine: statement.endPosition.row + 1,
        exported,
        text:
          text.length > MAX_DECLARATION_CHARS ? `${text.slice(0, MAX_DECLARATION_CHARS)}…` : text,
      },
    ];
  });
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

function readStatement(node: Node, scope: Scope) {
  switch (node.type) {
    case 'export_statement':
      readExport(node, scope);
      return;
    case 'import_statement':
      for (const b of importBindings(node)) scope.exports.imports.set(b.local, b);
      return;
    case 'expression_statement':
      if (readWrappedModule(node, scope)) return;
      readCommonJsExport(node, scope);
      readMemberFunction(node, scope);
      return;
    default:
      readDeclaration(node, node, scope);
  }
}

/**
 * A module wrapped in a function that runs at once, as UMD builds are:
 * `(function (global) { …; module.exports = f; })(this)`, whose export may sit in an `if`, or
 * `(function (root, factory) { module.exports = factory(); })(this, function () { …; return f; })`.
 * The wrapped body is read as the module's own; returns whether `node` was such a wrapper.
 */
function readWrappedModule(node: Node, scope: Scope): boolean {
  const call = unwrapped(node.namedChildren[0] ?? null);
  if (call?.type !== 'call_expression') return false;
  const wrapper = unwrapped(call.childForFieldName('function'));
  if (!wrapper || !FUNCTION_VALUES.has(wrapper.type)) return false;
  const factory = call
    .childForFieldName('arguments')
    ?.namedChildren.find((a) => FUNCTION_VALUES.has(a.type));
  const exportsThroughFactory = factory && wrapper.text.includes('module.exports');
  const body = (exportsThroughFactory ? factory : wrapper).childForFieldName('body');
  if (body?.type !== 'statement_block') return false;
  for (const statement of body.namedChildren) {
    if (statement.type === 'if_statement') readConditionalExports(statement, scope);
    else if (statement.type === 'return_statement' && exportsThroughFactory) {
      const value = statement.namedChildren[0];
      if (value?.type === 'identifier') scope.exports.local.set('default', value.text);
    } else readStatement(statement, scope);
  }
  return true;
}

/** `if (typeof module !== 'undefined') { module.exports = f; } else { … }`, at any depth of else. */
function readConditionalExports(node: Node, scope: Scope) {
  for (const child of node.namedChildren) {
    if (child.type === 'expression_statement') readCommonJsExport(child, scope);
    else if (['statement_block', 'else_clause', 'if_statement'].includes(child.type))
      readConditionalExports(child, scope);
  }
}

function unwrapped(node: Node | null): Node | null {
  let current = node;
  while (current?.type === 'parenthesized_expression')
    current = current.namedChildren.find((c) => c.type !== 'comment') ?? null;
  return current;
}

/**
 * `pluralize.plural = function (word) {…}` or `= replaceWord(…)` beside `function pluralize`:
 * a function's own property, reached as `pluralize.plural(…)`, read as a static method of it.
 */
function readMemberFunction(node: Node, scope: Scope) {
  const expr = node.namedChildren[0];
  if (expr?.type !== 'assignment_expression') return;
  const left = expr.childForFieldName('left');
  const right = expr.childForFieldName('right');
  if (left?.type !== 'member_expression' || !right) return;
  const owner = left.childForFieldName('object')?.text;
  const name = left.childForFieldName('property')?.text;
  if (!owner || !name || owner === 'module' || owner === 'exports') return;
  if (!scope.symbols.some((s) => s.kind === 'function' && s.name === owner)) return;
  if (!functionValueOf(right) && right.type !== 'call_expression') return;
  const fn = functionValueOf(right) ?? right;
  const symbol = functionSymbol(name, fn, expr, node, scope.file);
  scope.symbols.push({
    ...symbol,
    id: `${scope.file}#${owner}.${name}`,
    kind: 'method',
    className: owner,
    modifiers: ['static'],
  });
}

/**
 * `var h = assign(humanizer({}), { humanizer: humanizer, getSupportedLanguages: function () {…} })`
 * (or Object.assign, extend): the functions of the object become static methods of `h`, reached
 * as `h.humanizer(…)`; a name that refers to the module's own function takes that function.
 */
function assignedMembers(owner: string, call: Node, scope: Scope): CodeSymbol[] {
  const callee = call.childForFieldName('function')?.text ?? '';
  if (!/(?:^|\.)(?:assign|extend)$/.test(callee)) return [];
  const objects = (call.childForFieldName('arguments')?.namedChildren ?? [])
    .slice(1)
    .filter((a) => a.type === 'object');
  const asMethod = (symbol: CodeSymbol, name: string): CodeSymbol => ({
    ...symbol,
    name,
    id: `${scope.file}#${owner}.${name}`,
    kind: 'method',
    className: owner,
    modifiers: ['static'],
  });
  const declared = (name: string) =>
    scope.symbols.find((s) => s.kind === 'function' && s.name === name);
  return objects.flatMap((object) =>
    object.namedChildren.flatMap((member): CodeSymbol[] => {
      if (member.type === 'method_definition') {
        const name = member.childForFieldName('name')?.text;
        return name
          ? [asMethod(functionSymbol(name, member, member, member, scope.file), name)]
          : [];
      }
      const name =
        member.type === 'pair'
          ? member.childForFieldName('key')?.text
          : member.type === 'shorthand_property_identifier'
            ? member.text
            : undefined;
      const value = member.type === 'pair' ? member.childForFieldName('value') : member;
      if (!name || !value) return [];
      const fn = FUNCTION_VALUES.has(value.type) ? value : null;
      if (fn) return [asMethod(functionSymbol(name, fn, member, member, scope.file), name)];
      const named = value.type.endsWith('identifier') ? declared(value.text) : undefined;
      return named ? [asMethod(named, name)] : [];
    }),
  );
}

/** A declaration that may stand alone or inside `export`; `docHost` is the node its JSDoc precedes. */
function readDeclaration(node: Node, docHost: Node, scope: Scope): string[] {
  const { file, symbols } = scope;
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
      .flatMap((declarator) => readDeclarator(declarator, docHost, scope));
  }
  return [];
}

function readDeclarator(declarator: Node, docHost: Node, scope: Scope): string[] {
  const { file, symbols, exports } = scope;
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
  if (value.type === 'call_expression') scope.callValues.set(name, { value, docHost });
  return [];
}

function readExport(node: Node, scope: Scope) {
  const { exports } = scope;
  const source = node.childForFieldName('source');
  const from = source ? stringValue(source) : null;
  const isDefault = node.children.some((c) => c.type === 'default');
  const declaration = node.childForFieldName('declaration');
  if (declaration) {
    const names = readDeclaration(declaration, node, scope);
    for (const name of names) exports.local.set(isDefault ? 'default' : name, name);
    if (isDefault && names.length === 0) readAnonymousDefault(declaration, node, scope);
    return;
  }
  const value = node.childForFieldName('value');
  if (isDefault && value) {
    if (value.type === 'identifier') exports.local.set('default', value.text);
    else readAnonymousDefault(value, node, scope);
    return;
  }
  const clause = node.namedChildren.find((c) => c.type === 'export_clause');
  if (clause) {
    const specs = clause.namedChildren.filter((c) => c.type === 'export_specifier');
    const doc = from && specs.length === 1 ? jsdocBefore(node) : null;
    for (const spec of specs) {
      const local = spec.childForFieldName('name')?.text ?? '';
      const exported = spec.childForFieldName('alias')?.text ?? local;
      if (from)
        exports.reexports.push({
          exported,
          from,
          imported: local,
          ...(doc ? { doc: { ...doc, file: scope.file } } : {}),
        });
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
function readAnonymousDefault(value: Node, docHost: Node, scope: Scope) {
  const { file, symbols, exports } = scope;
  const name = fileStem(file);
  const fn = functionValueOf(value) ?? (value.type === 'function_declaration' ? value : null);
  if (fn) symbols.push(functionSymbol(name, fn, fn, docHost, file));
  else if (value.type === 'class' || CLASS_DECLARATIONS.has(value.type))
    symbols.push(...classSymbols(name, value, docHost, file));
  else return;
  exports.local.set('default', name);
}

/** `module.exports = x`, `module.exports = { a, b }`, `exports.a = …`, `module.exports.a = …`. */
function readCommonJsExport(node: Node, scope: Scope) {
  const { file, symbols, exports } = scope;
  const expr = node.namedChildren[0];
  if (expr?.type !== 'assignment_expression') return;
  const left = expr.childForFieldName('left')?.text ?? '';
  const right = expr.childForFieldName('right');
  if (!right) return;
  if (left === 'module.exports') {
    if (right.type === 'identifier') exports.local.set('default', right.text);
    else if (right.type === 'object') readExportObject(right, exports);
    else readAnonymousDefault(right, node, scope);
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

function fileStem(file: string): string {
  const base = file.split('/').pop() ?? file;
  const stem = base.replace(/\.[^.]+$/, '');
  const name = stem === 'index' ? (file.split('/').slice(-2, -1)[0] ?? stem) : stem;
  return name.replace(/[-_.]+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/[^\w$]/g, '_');
}
