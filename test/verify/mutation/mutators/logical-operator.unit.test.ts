import { logicalOperator } from '../../../../src/verify/mutation/mutators/logical-operator';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(logicalOperator, {
  valid: [
    ['const both = a & b;', 'a bitwise operator is not a logical one'],
    ['const sum = a + b;', 'arithmetic is not logic'],
  ],
  invalid: [
    { code: 'const ok = ready && valid;', mutants: ['ready || valid'] },
    { code: 'const any = a || b;', mutants: ['a && b'] },
    { code: 'const name = given ?? fallback;', mutants: ['given && fallback'] },
  ],
});
