import { objectLiteral } from '../../../../src/verify/mutation/mutators/object-literal';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(objectLiteral, {
  valid: [
    ['const none = {};', 'already empty'],
    ['const { a, b } = options;', 'a pattern is not a value'],
  ],
  invalid: [
    { code: 'const point = { x: 1, y: 2 };', mutants: ['{}'] },
    { code: 'send({ id, retry: true });', mutants: ['{}'] },
  ],
});
