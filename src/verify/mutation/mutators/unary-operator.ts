import type { NodeMutator } from './node-mutator';

/** `-x` → `+x`. */
export const unaryOperator: NodeMutator = {
  name: 'UnaryOperator',
  nodeTypes: ['unary_expression'],
  mutate(node, codeOf) {
    if (node.child(0)?.type !== '-') return [];
    const argument = node.childForFieldName('argument');
    return [{ code: `+${codeOf(argument)}`, display: `+${argument?.text ?? ''}` }];
  },
};
