import type Parser from 'tree-sitter';
import type { SourceParser } from './source-parser';

const LITERALS = new Set([
  'number',
  'string',
  'string_fragment',
  'escape_sequence',
  'true',
  'false',
  'null',
  'undefined',
  'regex',
  'regex_pattern',
  'regex_flags',
  'array',
  'object',
  'pair',
  'property_identifier',
  'parenthesized_expression',
  'unary_expression',
  'arguments',
  'comment',
]);
const VALUE_IDENTIFIERS = new Set(['undefined', 'NaN', 'Infinity']);

/**
 * True when `text` is a value as a spec would state it: literals, arrays and objects of them,
 * `new Date(…)`-style constructions with literal arguments. Prose and expressions that compute
 * (`a + b`, `f(x)`) are not values: a test that asserted them would restate the code.
 */
export function isValueText(text: string, parser: SourceParser): boolean {
  const trimmed = text.trim();
  if (!trimmed || trimmed.includes('\n\n')) return false;
  const tree = parser.parse(`(${trimmed}\n);`, 'typescript');
  if (tree.rootNode.hasError) return false;
  const statement = tree.rootNode.namedChildren.filter((c) => c.type !== 'comment');
  if (statement.length !== 1 || statement[0]?.type !== 'expression_statement') return false;
  return isValueNode(statement[0].namedChildren[0] ?? null);
}

function isValueNode(node: Parser.SyntaxNode | null): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'identifier':
      return VALUE_IDENTIFIERS.has(node.text);
    case 'template_string':
      return !node.namedChildren.some((c) => c.type === 'template_substitution');
    case 'unary_expression':
      return (
        ['-', '+', '!'].includes(node.child(0)?.type ?? '') &&
        isValueNode(node.namedChildren[0] ?? null)
      );
    case 'new_expression': {
      const ctor = node.childForFieldName('constructor');
      const args = node.childForFieldName('arguments');
      return (
        ctor?.type === 'identifier' &&
        /^[A-Z]/.test(ctor.text) &&
        (args?.namedChildren ?? []).every(isValueNode)
      );
    }
    case 'member_expression':
      return /^(Number|Math)\.[A-Z_]+$/.test(node.text);
    case 'pair':
      return isValueNode(node.childForFieldName('value'));
    case 'shorthand_property_identifier':
      return false;
    default:
      return LITERALS.has(node.type) && node.namedChildren.every(isValueNode);
  }
}
