import type { NodeMutator } from './node-mutator';

/** `(x) => x * 2` → `() => undefined`: the arrow's result emptied (a coarse mutant). */
export const arrowFunction: NodeMutator = {
  name: 'ArrowFunction',
  nodeTypes: ['arrow_function'],
  mutate(node) {
    const body = node.childForFieldName('body');
    return body && body.type !== 'statement_block' && body.text !== 'undefined'
      ? [{ code: '() => undefined', display: '() => undefined', coarse: true }]
      : [];
  },
};
