import type { NodeMutator } from './node-mutator';
import { isStringy } from './syntax-nodes';

/** Compound assignments and their opposites: `a += b` → `a -= b`. */
const SWAPS: Record<string, string> = {
  '+=': '-=',
  '-=': '+=',
  '*=': '/=',
  '/=': '*=',
  '%=': '*=',
  '<<=': '>>=',
  '>>=': '<<=',
  '&=': '|=',
  '|=': '&=',
  '&&=': '||=',
  '||=': '&&=',
  '??=': '&&=',
};

export const assignmentOperator: NodeMutator = {
  name: 'AssignmentOperator',
  nodeTypes: ['augmented_assignment_expression'],
  mutate(node, codeOf) {
    const operator = node.child(1)?.type ?? '';
    const swap = Object.hasOwn(SWAPS, operator) ? SWAPS[operator] : undefined;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    // `s += 'x'` appends: subtraction would only make NaN.
    if (!swap || (operator === '+=' && isStringy(right))) return [];
    return [
      {
        code: `${codeOf(left)} ${swap} ${codeOf(right)}`,
        display: `${left?.text ?? ''} ${swap} ${right?.text ?? ''}`,
      },
    ];
  },
};
