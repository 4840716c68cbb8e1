import type { Alternative, NodeMutator } from './node-mutator';
import { chainContinues, chainInner, isOptionalToken, replaceAt } from './syntax-nodes';

/**
 * `a?.b.c` → `a.b.c`, once per `?.` of the chain, at the chain's end only. The replacement is
 * the original text: when this mutant is on, no other is.
 */
export const optionalChaining: NodeMutator = {
  name: 'OptionalChaining',
  nodeTypes: ['call_expression', 'member_expression', 'subscript_expression'],
  mutate(node) {
    if (chainContinues(node) || node.parent?.type === 'unary_expression') return [];
    const alternatives: Alternative[] = [];
    for (let link: typeof node | null = node; link; link = chainInner(link)) {
      const token = link.children.find(isOptionalToken);
      if (!token) continue;
      const code = replaceAt(node, token, link.type === 'member_expression' ? '.' : '');
      alternatives.push({ code, display: code });
    }
    return alternatives;
  },
};
