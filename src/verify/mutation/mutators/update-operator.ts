import type { NodeMutator } from './node-mutator';
import { replaceAt } from './syntax-nodes';

/** `i++` ↔ `i--`, prefix or postfix. */
export const updateOperator: NodeMutator = {
  name: 'UpdateOperator',
  nodeTypes: ['update_expression'],
  mutate(node) {
    const token = node.children.find((c) => c.type === '++' || c.type === '--');
    if (!token) return [];
    const swapped = replaceAt(node, token, token.type === '++' ? '--' : '++');
    return [{ code: swapped, display: swapped }];
  },
};
