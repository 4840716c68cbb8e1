import type { SyntaxNode } from './mutators/node-mutator';
import { FUNCTION_NODES } from './mutators/syntax-nodes';

/** Inside a function's body, other than a wrapper that holds the whole module (UMD, IIFE). */
export function insideFunction(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent)
    if (FUNCTION_NODES.has(up.type) && !wrapsModule(up)) return true;
  return false;
}

/** SyntaxNodes between the call of a module's wrapper function and the program. */
const WRAPPER_PATH = new Set([
  'parenthesized_expression',
  'unary_expression',
  'assignment_expression',
  'expression_statement',
  'variable_declarator',
  'lexical_declaration',
  'variable_declaration',
  'sequence_expression',
]);

/**
 * A function that holds a whole module: called at once in a statement of the program
 * (`(function (global) {…})(this)`), or the factory such a function is given (UMD's
 * `(function (root, factory) {…})(this, function () {…})`). A function passed to any other
 * call (Ramda's `_curry2(function add(a, b) {…})`) is a function like any other.
 */
function wrapsModule(fn: SyntaxNode): boolean {
  let inner = fn;
  let up = fn.parent;
  while (up?.type === 'parenthesized_expression') {
    inner = up;
    up = up.parent;
  }
  const call =
    up?.type === 'call_expression' && up.childForFieldName('function')?.id === inner.id
      ? up
      : up?.type === 'arguments' && up.parent && callsFunctionValue(up.parent)
        ? up.parent
        : null;
  if (!call) return false;
  for (let above = call.parent; above; above = above.parent) {
    if (above.type === 'program') return true;
    if (!WRAPPER_PATH.has(above.type)) return false;
  }
  return false;
}

function callsFunctionValue(call: SyntaxNode): boolean {
  let callee = call.type === 'call_expression' ? call.childForFieldName('function') : null;
  while (callee?.type === 'parenthesized_expression') callee = callee.namedChildren[0] ?? null;
  return !!callee && FUNCTION_NODES.has(callee.type);
}
