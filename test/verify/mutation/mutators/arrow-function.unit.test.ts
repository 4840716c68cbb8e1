import { arrowFunction } from '../../../../src/verify/mutation/mutators/arrow-function';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(arrowFunction, {
  valid: [
    ['const f = (x) => { return x; };', 'a block body is the block mutator’s'],
    ['const noop = () => undefined;', 'it already returns nothing'],
  ],
  invalid: [
    { code: 'const double = (x) => x * 2;', mutants: ['() => undefined'] },
    { code: 'items.map((i) => i.id);', mutants: ['() => undefined'] },
  ],
});
