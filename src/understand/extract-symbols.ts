import type Parser from 'tree-sitter';
import type { CodeSymbol } from '../core/code-symbol';
import { importBindings, requireBindings, requiredModule, stringValue } from './module-bindings';
import {
  CLASS_DECLARATIONS,
  classSymbols,
  functionSymbol,
  functionValueOf,
} from './symbol-records';

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

function fileStem(file: string): string {
  const base = file.split('/').pop() ?? file;
  const stem = base.replace(/\.[^.]+$/, '');
  const name = stem === 'index' ? (file.split('/').slice(-2, -1)[0] ?? stem) : stem;
  return name.replace(/[-_.]+(\w)/g, (_, c: string) => c.toUpperCase()).replace(/[^\w$]/g, '_');
}
