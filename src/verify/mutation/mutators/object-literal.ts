import type { NodeMutator } from './node-mutator';
import { isPlainValue } from './syntax-nodes';

/** `{ a: 1 }` → `{}`. */
export const objectLiteral: NodeMutator = {
  name: 'ObjectLiteral',
  nodeTypes: ['object'],
  mutate(node) {
    return node.namedChildCount > 0 && isPlainValue(node) ? [{ code: '{}', display: '{}' }] : [];
  },
};
