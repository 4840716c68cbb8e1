import { arithmeticOperator } from './arithmetic-operator';
import { arrayDeclaration } from './array-declaration';
import { arrowFunction } from './arrow-function';
import { assignmentOperator } from './assignment-operator';
import { blockStatement } from './block-statement';
import { booleanLiteral } from './boolean-literal';
import { conditionalExpression } from './conditional-expression';
import { equalityOperator } from './equality-operator';
import { logicalOperator } from './logical-operator';
import { methodExpression } from './method-expression';
import type { NodeMutator } from './node-mutator';
import { objectLiteral } from './object-literal';
import { optionalChaining } from './optional-chaining';
import { regex } from './regex';
import { statementRemoval } from './statement-removal';
import { stringLiteral } from './string-literal';
import { unaryOperator } from './unary-operator';
import { updateOperator } from './update-operator';

/**
 * Every mutator, in the order a node's mutants are numbered (Stryker's `mutate.ts`). A mutator
 * that decides by place (no node types) is asked after those that decide by type.
 */
export const MUTATORS: readonly NodeMutator[] = [
  arithmeticOperator,
  equalityOperator,
  logicalOperator,
  assignmentOperator,
  updateOperator,
  booleanLiteral,
  unaryOperator,
  methodExpression,
  optionalChaining,
  arrowFunction,
  statementRemoval,
  blockStatement,
  stringLiteral,
  arrayDeclaration,
  objectLiteral,
  regex,
  conditionalExpression,
];
