import type { NodeMutator } from './node-mutator';
import { isPlainValue } from './syntax-nodes';

/** The filler Stryker puts in an empty string or array. */
export const FILLER = '"Stryker was here!"';

/** `'abc'` → `""`, `""` → the filler, and a template with text → ``` `` ```. */
export const stringLiteral: NodeMutator = {
  name: 'StringLiteral',
  nodeTypes: ['string', 'template_string'],
  mutate(node) {
    if (!isPlainValue(node)) return [];
    if (node.type === 'template_string')
      // A tagged template is a call: emptying it changes what the tag is given, not a string.
      return node.text.length > 2 && node.parent?.type !== 'call_expression'
        ? [{ code: '``', display: '``' }]
        : [];
    return node.text.length > 2
      ? [{ code: '""', display: '""' }]
      : [{ code: FILLER, display: FILLER }];
  },
};
