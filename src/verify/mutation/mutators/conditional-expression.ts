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
    if (!isBranchCondition(node) && !isTernaryCondition(node)) return [];
    if (!guardsNoOpClear(node)) return TRUE_AND_FALSE;
    return [{ ...TRUE_AND_FALSE[0]!, equivalent: 'guard-of-no-op-clear' }, TRUE_AND_FALSE[1]!];
  },
};

/** `clearTimeout(t)` and its kin, which do nothing for an id that is undefined or null. */
const CLEARS = new Set(['clearTimeout', 'clearInterval', 'clearImmediate']);

/**
 * `if (t !== undefined) clearTimeout(t)` (or `t != null`, or `t`): forced true, the guard lets
 * clearTimeout see an undefined id, which it ignores, so the mutant changes nothing.
 */
function guardsNoOpClear(condition: SyntaxNode): boolean {
  const branch = condition.parent;
  if (branch?.type !== 'if_statement' || branch.childForFieldName('alternative')) return false;
  let body = branch.childForFieldName('consequence');
  if (body?.type === 'statement_block' && body.namedChildCount === 1) body = body.namedChild(0);
  const call = body?.type === 'expression_statement' ? body.namedChild(0) : null;
  if (call?.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function')?.text ?? '';
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (!CLEARS.has(callee.replace(/^(?:globalThis|window)\./, '')) || args.length !== 1)
    return false;
  const id = args[0]!.text;
  const guard = condition.text.replace(/^\(\s*|\s*\)$/g, '');
  return [id, `${id} !== undefined`, `${id} != undefined`, `${id} != null`, `${id} !== null`]
    .concat([`undefined !== ${id}`, `null != ${id}`])
    .includes(guard);
}

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
