import { booleanLiteral } from '../../../../src/verify/mutation/mutators/boolean-literal';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(booleanLiteral, {
  valid: [
    ['const n = -x;', 'a negative sign is the unary mutator’s'],
    ['const t = typeof x;', 'typeof is not a negation'],
  ],
  invalid: [
    { code: 'const on = true;', mutants: ['false'] },
    { code: 'const off = false;', mutants: ['true'] },
    { code: 'if (!ready) wait();', mutants: ['ready'] },
    { code: 'const flags = [true, !false];', mutants: ['false', 'true', 'false'] },
  ],
});
