import type { NodeMutator } from './node-mutator';
import { FILLER } from './string-literal';
import { isPlainValue } from './syntax-nodes';

/** `[1, 2]` → `[]`, and `[]` → `["Stryker was here!"]`. */
export const arrayDeclaration: NodeMutator = {
  name: 'ArrayDeclaration',
  nodeTypes: ['array'],
  mutate(node) {
    if (!isPlainValue(node)) return [];
    return node.namedChildCount > 0
      ? [{ code: '[]', display: '[]' }]
      : [{ code: `[${FILLER}]`, display: `[${FILLER}]` }];
  },
};
