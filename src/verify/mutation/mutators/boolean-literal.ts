import type { NodeMutator } from './node-mutator';

/** `true` ↔ `false`, and `!x` → `x`. */
export const booleanLiteral: NodeMutator = {
  name: 'BooleanLiteral',
  nodeTypes: ['true', 'false', 'unary_expression'],
  mutate(node, codeOf) {
    if (node.type === 'true') return [{ code: 'false', display: 'false' }];
    if (node.type === 'false') return [{ code: 'true', display: 'true' }];
    if (node.child(0)?.type !== '!') return [];
    const argument = node.childForFieldName('argument');
    return [{ code: codeOf(argument), display: argument?.text ?? '' }];
  },
};
