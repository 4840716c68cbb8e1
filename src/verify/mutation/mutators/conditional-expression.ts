import type { Alternative, NodeMutator, SyntaxNode } from './node-mutator';

const TRUE_AND_FALSE: Alternative[] = [
  { code: 'true', display: 'true' },
  { code: 'false', display: 'false' },
];
const BRANCHES = new Set(['if_statement', 'while_statement', 'do_statement']);

/**
 * The condition of an `if`, a `while`, a `do` or a `?:`, always true, then always false. It
 * decides by the node's place (a ternary's condition can be any expression), so it has no
 * node types and comes last.
 */
export const conditionalExpression: NodeMutator = {
  name: 'ConditionalExpression',
  mutate(node) {
    return isBranchCondition(node) || isTernaryCondition(node) ? TRUE_AND_FALSE : [];
  },
};

/** `if (…)`, `while (…)`: the parenthesised condition of a branch or loop. */
function isBranchCondition(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (
    node.type === 'parenthesized_expression' &&
    BRANCHES.has(parent?.type ?? '') &&
    parent!.childForFieldName('condition')?.id === node.id
  );
}

function isTernaryCondition(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (
    parent?.type === 'ternary_expression' && parent.childForFieldName('condition')?.id === node.id
  );
}
