import type Parser from 'tree-sitter';
import type { ExampleImport } from '../core/requirement';

type Node = Parser.SyntaxNode;

/** The text of a string literal node, without its quotes. */
export function stringValue(node: Node): string {
  const fragment = node.namedChildren.find((c) => c.type === 'string_fragment');
  return fragment ? fragment.text : node.text.slice(1, -1);
}

/** The names an `import … from '…'` statement binds: default, namespace (`*`) or named. */
export function importBindings(node: Node): ExampleImport[] {
  const source = node.childForFieldName('source');
  if (!source) return [];
  const from = stringValue(source);
  const clause = node.namedChildren.find((c) => c.type === 'import_clause');
  const out: ExampleImport[] = [];
  for (const part of clause?.namedChildren ?? []) {
    if (part.type === 'identifier') out.push({ local: part.text, from, imported: 'default' });
    if (part.type === 'namespace_import' && part.namedChildren[0]) {
      out.push({ local: part.namedChildren[0].text, from, imported: '*' });
    }
    for (const spec of part.type === 'named_imports' ? part.namedChildren : []) {
      if (spec.type !== 'import_specifier') continue;
      const imported = spec.childForFieldName('name')?.text ?? '';
      out.push({ local: spec.childForFieldName('alias')?.text ?? imported, from, imported });
    }
  }
  return out;
}

/** The module a `require('…')` call names, or null for any other expression. */
export function requiredModule(value: Node): string | null {
  if (value.type !== 'call_expression' || value.childForFieldName('function')?.text !== 'require')
    return null;
  const arg = value.childForFieldName('arguments')?.namedChildren[0];
  return arg?.type === 'string' ? stringValue(arg) : null;
}

/** `const x = require('m')` binds the module (`*`); `const { a, b: c } = require('m')` its members. */
export function requireBindings(pattern: Node, from: string): ExampleImport[] {
  if (pattern.type === 'identifier') return [{ local: pattern.text, from, imported: '*' }];
  if (pattern.type !== 'object_pattern') return [];
  return pattern.namedChildren.flatMap((prop): ExampleImport[] => {
    if (prop.type === 'shorthand_property_identifier_pattern')
      return [{ local: prop.text, from, imported: prop.text }];
    if (prop.type !== 'pair_pattern') return [];
    const key = prop.childForFieldName('key')?.text ?? '';
    return [{ local: prop.childForFieldName('value')?.text ?? key, from, imported: key }];
  });
}
