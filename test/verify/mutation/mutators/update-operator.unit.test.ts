import { updateOperator } from '../../../../src/verify/mutation/mutators/update-operator';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(updateOperator, {
  valid: [['count += 1;', 'a compound assignment is the assignment mutator’s']],
  invalid: [
    { code: 'count++;', mutants: ['count--'] },
    { code: '--left;', mutants: ['++left'] },
    { code: 'for (let i = 0; i < n; i++) {}', mutants: ['i--'] },
  ],
});
