import { arrayDeclaration } from '../../../../src/verify/mutation/mutators/array-declaration';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(arrayDeclaration, {
  valid: [
    ['const [first, second] = pair;', 'a pattern is not a value'],
    ["import x from 'y';", 'there is no array'],
  ],
  invalid: [
    { code: 'const primes = [2, 3, 5];', mutants: ['[]'] },
    { code: 'const none = [];', mutants: ['["Stryker was here!"]'] },
  ],
});
