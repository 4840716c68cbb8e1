import type { Alternative, CodeOf, EquivalenceRule, NodeMutator, SyntaxNode } from './node-mutator';

/** What the operator mutators share: which operator becomes which, and when one is left alone. */
export interface OperatorSwaps {
  name: string;
  swaps: Record<string, string[]>;
  /** True where the node keeps its operator (`'a' + b` concatenates). */
  skip?: (node: SyntaxNode, operator: string) => boolean;
  /** The rule by which a swap cannot change what the code does, if one does. */
  equivalence?: (node: SyntaxNode, operator: string, swap: string) => EquivalenceRule | null;
}

/** A mutator that swaps the operator of `left op right` (Stryker's operator mutators). */
export function binaryOperator(spec: OperatorSwaps): NodeMutator {
  return {
    name: spec.name,
    nodeTypes: ['binary_expression'],
    mutate(node: SyntaxNode, codeOf: CodeOf): Alternative[] {
      const operator = node.childForFieldName('operator')?.type ?? '';
      if (!Object.hasOwn(spec.swaps, operator) || spec.skip?.(node, operator)) return [];
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      return spec.swaps[operator]!.map((swap) => {
        const equivalent = spec.equivalence?.(node, operator, swap);
        return {
          code: `${codeOf(left)} ${swap} ${codeOf(right)}`,
          display: `${left?.text ?? ''} ${swap} ${right?.text ?? ''}`,
          ...(equivalent ? { equivalent } : {}),
        };
      });
    },
  };
}
