import type { NodeMutator, SyntaxNode } from './node-mutator';
import { FUNCTION_NODES } from './syntax-nodes';

/** `{ … }` → `{}`; a function's whole body emptied is a coarse mutant. */
export const blockStatement: NodeMutator = {
  name: 'BlockStatement',
  nodeTypes: ['statement_block'],
  mutate(node) {
    if (!isEmptiable(node)) return [];
    const coarse = FUNCTION_NODES.has(node.parent?.type ?? '');
    return [{ code: '{}', display: '{}', ...(coarse ? { coarse: true as const } : {}) }];
  },
};

/** A block with something in it, whose emptying leaves valid code. */
function isEmptiable(block: SyntaxNode): boolean {
  if (block.namedChildren.filter((c) => c.type !== 'comment').length === 0) return false;
  const first = block.namedChildren[0];
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string')
    return false;
  // A derived class's constructor must call super() before it returns.
  const method = block.parent;
  return !(
    method?.type === 'method_definition' &&
    method.childForFieldName('name')?.text === 'constructor' &&
    block.descendantsOfType('super').length > 0
  );
}
