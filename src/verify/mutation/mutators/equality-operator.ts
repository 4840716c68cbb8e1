import escapeStringRegexp from 'escape-string-regexp';
import { binaryOperator } from './binary-operator';
import type { EquivalenceRule, SyntaxNode } from './node-mutator';

/**
 * `a < b` → `a <= b` and `a >= b`, `a === b` → `a !== b`. A boundary swap is not made where the
 * two sides' being equal cannot change what the code does.
 */
export const equalityOperator = binaryOperator({
  name: 'EqualityOperator',
  swaps: {
    '<': ['<=', '>='],
    '<=': ['<', '>'],
    '>': ['>=', '<='],
    '>=': ['>', '<'],
    '===': ['!=='],
    '!==': ['==='],
    '==': ['!='],
    '!=': ['=='],
  },
  equivalence: equivalentSwap,
});

/**
 * The boundary swaps: each changes a comparison only where its two sides are equal. Where the
 * code cannot tell that case apart, the mutant cannot change what it does.
 */
const BOUNDARY: Record<string, string> = { '<': '<=', '<=': '<', '>': '>=', '>=': '>' };

/**
 * Whether swapping the operator of comparison `node` for `swap` cannot change what the code
 * does: a boundary swap in `a > b ? a : b` (both branches give the same value when a equals b),
 * or in a counting loop whose counter steps over its bound (`for (let i = 0; i < 10; i += 3)`).
 */
function equivalentSwap(node: SyntaxNode, operator: string, swap: string): EquivalenceRule | null {
  if (BOUNDARY[operator] !== swap) return null;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return null;
  if (sameBranchAtEdge(node, left, right)) return 'edge-gives-same-branch';
  if (loopStepsOverEdge(node, left, right)) return 'loop-never-reaches-edge';
  return null;
}

/** A plain name, a property read or a number: reading it twice gives the same value. */
function isPlain(node: SyntaxNode): boolean {
  return (
    node.type === 'identifier' ||
    node.type === 'number' ||
    (node.type === 'member_expression' &&
      !node.text.includes('(') &&
      !node.children.some((c) => c.type === 'optional_chain'))
  );
}

/** `l op r ? A : B` where A and B read the same once l is r (or r is l): `a > b ? a : b`. */
function sameBranchAtEdge(node: SyntaxNode, left: SyntaxNode, right: SyntaxNode): boolean {
  let condition: SyntaxNode = node;
  while (condition.parent?.type === 'parenthesized_expression') condition = condition.parent;
  const ternary = condition.parent;
  if (ternary?.type !== 'ternary_expression') return false;
  if (ternary.childForFieldName('condition')?.id !== condition.id) return false;
  if (!isPlain(left) || !isPlain(right)) return false;
  const a = ternary.childForFieldName('consequence')?.text;
  const b = ternary.childForFieldName('alternative')?.text;
  if (a === undefined || b === undefined) return false;
  return [
    [left.text, right.text],
    [right.text, left.text],
  ].some(([from, to]) => replaceName(a, from!, to!) === replaceName(b, from!, to!));
}

/** Every whole occurrence of a name (or property read) in a text, replaced. */
function replaceName(text: string, from: string, to: string): string {
  return text.replace(
    new RegExp(`(?<![\\w$.])${escapeStringRegexp(from)}(?![\\w$])`, 'g'),
    to.replace(/\$/g, '$$$$'),
  );
}

/**
 * A `for` loop's condition `i < N` (or `<=`, `>`, `>=`) whose counter starts at a number literal
 * and moves by a literal step that skips N, and is written nowhere else: the two sides are
 * never equal, so the boundary swap never changes the loop.
 */
function loopStepsOverEdge(node: SyntaxNode, left: SyntaxNode, right: SyntaxNode): boolean {
  const loop = node.parent;
  if (loop?.type !== 'for_statement' || loop.childForFieldName('condition')?.id !== node.id)
    return false;
  if (left.type !== 'identifier' || !isNumber(right)) return false;
  const counter = left.text;
  const start = initialValue(loop.childForFieldName('initializer'), counter);
  const step = stepOf(loop.childForFieldName('increment'), counter);
  if (start === null || step === null || step === 0) return false;
  const body = loop.childForFieldName('body')?.text ?? '';
  const name = escapeStringRegexp(counter);
  if (
    new RegExp(
      `(?<![\\w$.])${name}\\s*(?:[-+*/%]?=(?!=)|\\+\\+|--)|(?:\\+\\+|--)\\s*${name}(?![\\w$])`,
    ).test(body)
  )
    return false;
  const bound = Number(right.text);
  // Floating-point counters can land near the bound: only whole numbers are certain.
  if (![start, step, bound].every(Number.isInteger)) return false;
  const distance = bound - start;
  if (distance === 0) return false;
  return distance % step !== 0 || Math.sign(distance) !== Math.sign(step);
}

function isNumber(node: SyntaxNode | null): boolean {
  return node?.type === 'number' && Number.isFinite(Number(node.text));
}

/** `let i = 3` (one declarator) gives 3 for the counter i. */
function initialValue(init: SyntaxNode | null, counter: string): number | null {
  const declarators = init?.namedChildren.filter((c) => c.type === 'variable_declarator') ?? [];
  if (declarators.length !== 1) return null;
  const [declarator] = declarators;
  const value = declarator!.childForFieldName('value');
  if (declarator!.childForFieldName('name')?.text !== counter || !isNumber(value)) return null;
  return Number(value!.text);
}

/** `i++` gives 1, `i -= 2` gives -2; anything else, null. */
function stepOf(increment: SyntaxNode | null, counter: string): number | null {
  if (!increment) return null;
  if (increment.type === 'update_expression') {
    if (increment.namedChildren[0]?.text !== counter) return null;
    return increment.text.includes('++') ? 1 : -1;
  }
  if (increment.type !== 'augmented_assignment_expression') return null;
  const target = increment.childForFieldName('left');
  const amount = increment.childForFieldName('right');
  const operator = increment.child(1)?.type;
  if (target?.text !== counter || !isNumber(amount)) return null;
  if (operator === '+=') return Number(amount!.text);
  if (operator === '-=') return -Number(amount!.text);
  return null;
}
