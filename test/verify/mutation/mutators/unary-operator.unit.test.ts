import { unaryOperator } from '../../../../src/verify/mutation/mutators/unary-operator';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(unaryOperator, {
  valid: [
    ['const n = !x;', 'a negation is the boolean mutator’s'],
    ['const n = +x;', 'a plus sign only converts'],
    ['const n = ~x;', 'bitwise not is left alone'],
  ],
  invalid: [
    { code: 'const delta = -step;', mutants: ['+step'] },
    { code: 'const back = -(a + b);', mutants: ['+(a + b)'] },
  ],
});
