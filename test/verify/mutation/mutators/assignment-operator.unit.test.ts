import { assignmentOperator } from '../../../../src/verify/mutation/mutators/assignment-operator';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(assignmentOperator, {
  valid: [
    ["label += ' (copy)';", 'appending text would only make NaN'],
    ['total = price;', 'a plain assignment has no operator to swap'],
    ['bits >>>= 1;', 'no opposite is listed for an unsigned shift'],
  ],
  invalid: [
    { code: 'total += price;', mutants: ['total -= price'] },
    { code: 'stock -= sold;', mutants: ['stock += sold'] },
    { code: 'scale *= 2;', mutants: ['scale /= 2'] },
    { code: 'flags |= MASK;', mutants: ['flags &= MASK'] },
    { code: 'cache.value ??= compute();', mutants: ['cache.value &&= compute()'] },
  ],
});
