import type { NodeMutator, SyntaxNode } from './node-mutator';

/** Where a statement stands on its own: in a block, a case, after `else` or a label. */
const STATEMENT_PLACES = new Set([
  'statement_block',
  'else_clause',
  'switch_case',
  'switch_default',
  'labeled_statement',
]);

/** `save(order);` → nothing: a statement that only does something, removed. */
export const statementRemoval: NodeMutator = {
  name: 'StatementRemoval',
  nodeTypes: ['expression_statement'],
  mutate(node) {
    return isSideEffect(node) ? [{ code: '{}', display: '(statement removed)' }] : [];
  },
};

/** A statement that only does something: a call, an await, or a write to a property. */
function isSideEffect(statement: SyntaxNode): boolean {
  if (!STATEMENT_PLACES.has(statement.parent?.type ?? '') && !isBodyOf(statement)) return false;
  let expression = statement.namedChildren[0] ?? null;
  if (expression?.type === 'await_expression') expression = expression.namedChildren[0] ?? null;
  if (expression?.type === 'call_expression')
    return expression.childForFieldName('function')?.type !== 'super';
  return (
    (expression?.type === 'assignment_expression' ||
      expression?.type === 'augmented_assignment_expression') &&
    expression.childForFieldName('left')?.type === 'member_expression'
  );
}

/** The body of an `if`, or of a loop. */
function isBodyOf(statement: SyntaxNode): boolean {
  const parent = statement.parent;
  return (
    !!parent &&
    (parent.childForFieldName('body')?.id === statement.id ||
      parent.childForFieldName('consequence')?.id === statement.id)
  );
}
