import { binaryOperator } from './binary-operator';

/** `a && b` ↔ `a || b`, and `a ?? b` → `a && b`. */
export const logicalOperator = binaryOperator({
  name: 'LogicalOperator',
  swaps: { '&&': ['||'], '||': ['&&'], '??': ['&&'] },
});
