import type { SyntaxNode } from './node-mutator';

/** The node types that start a function's body (or a class's). */
export const FUNCTION_NODES: ReadonlySet<string> = new Set([
  'class_body',
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);

/** A string literal or template: `+` on it concatenates. */
export function isStringy(node: SyntaxNode | null): boolean {
  return node?.type === 'string' || node?.type === 'template_string';
}

/** A value in an expression, not a module name, property key, directive or type. */
export function isPlainValue(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (
    ['import_statement', 'export_statement', 'import_clause', 'pair_pattern'].includes(parent.type)
  )
    return false;
  if (parent.type === 'pair' && parent.childForFieldName('key')?.id === node.id) return false;
  if (parent.type === 'expression_statement') return false;
  if (
    parent.type === 'arguments' &&
    parent.parent?.childForFieldName('function')?.text === 'require'
  )
    return false;
  return true;
}

/** The node's original text with one of its descendant tokens replaced. */
export function replaceAt(node: SyntaxNode, token: SyntaxNode, replacement: string): string {
  const from = token.startIndex - node.startIndex;
  return node.text.slice(0, from) + replacement + node.text.slice(from + token.text.length);
}

/** The `?.` of an optional chain's link. */
export function isOptionalToken(node: SyntaxNode): boolean {
  return node.type === 'optional_chain' || node.type === '?.';
}

/** The next link down a chain: the object of `a.b`, `a[0]`, or the callee of `f()`. */
export function chainInner(node: SyntaxNode): SyntaxNode | null {
  if (node.type === 'member_expression' || node.type === 'subscript_expression')
    return node.childForFieldName('object');
  if (node.type === 'call_expression') return node.childForFieldName('function');
  return null;
}

/** True when the node's parent carries its chain on: it is the object or callee of the next link. */
export function chainContinues(node: SyntaxNode): boolean {
  const parent = node.parent;
  return !!parent && chainInner(parent)?.id === node.id;
}
