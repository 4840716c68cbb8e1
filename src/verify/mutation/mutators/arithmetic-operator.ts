import { binaryOperator } from './binary-operator';
import { isStringy } from './syntax-nodes';

/** `a + b` → `a - b`, `a * b` → `a / b`, `a % b` → `a * b`. */
export const arithmeticOperator = binaryOperator({
  name: 'ArithmeticOperator',
  swaps: { '+': ['-'], '-': ['+'], '*': ['/'], '/': ['*'], '%': ['*'] },
  // `'a' + b` concatenates: turning it into subtraction yields NaN, a crash-like mutant.
  skip: (node, operator) =>
    operator === '+' &&
    (isStringy(node.childForFieldName('left')) || isStringy(node.childForFieldName('right'))),
});
