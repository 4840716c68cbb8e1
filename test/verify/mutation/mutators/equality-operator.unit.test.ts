import { equalityOperator } from '../../../../src/verify/mutation/mutators/equality-operator';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(equalityOperator, {
  valid: [
    ['const sum = a + b;', 'arithmetic is not a comparison'],
    ['const either = a || b;', 'a logical operator is not a comparison'],
  ],
  invalid: [
    { code: 'if (value < min) clamp();', mutants: ['value <= min', 'value >= min'] },
    { code: 'const over = n >= limit;', mutants: ['n > limit', 'n < limit'] },
    { code: 'const same = a === b;', mutants: ['a !== b'] },
    { code: 'const loose = a != null;', mutants: ['a == null'] },
    {
      code: 'const larger = a > b ? a : b;',
      mutants: ['a <= b'],
      equivalent: { 'a >= b': 'edge-gives-same-branch' },
    },
    {
      code: 'const low = (value < min) ? min : value;',
      mutants: ['value >= min'],
      equivalent: { 'value <= min': 'edge-gives-same-branch' },
    },
    {
      code: 'const m = a.x >= b ? b : a.x;',
      mutants: ['a.x < b'],
      equivalent: { 'a.x > b': 'edge-gives-same-branch' },
    },
    {
      code: 'for (let i = 0; i < 10; i += 3) { total += i; }',
      mutants: ['i >= 10'],
      equivalent: { 'i <= 10': 'loop-never-reaches-edge' },
    },
    {
      code: 'for (let i = 10; i > 1; i -= 2) {}',
      mutants: ['i <= 1'],
      equivalent: { 'i >= 1': 'loop-never-reaches-edge' },
    },
    // The boundary swaps below are real: the edge can be reached or told apart.
    { code: 'const v = a > b ? a : 0;', mutants: ['a >= b', 'a <= b'] },
    { code: 'const v = f() > b ? f() : b;', mutants: ['f() >= b', 'f() <= b'] },
    { code: 'for (let i = 0; i < 9; i += 3) {}', mutants: ['i <= 9', 'i >= 9'] },
    { code: 'for (let i = 0; i < 10; i += 3) { i++; }', mutants: ['i <= 10', 'i >= 10'] },
    { code: 'for (let i = 0.5; i < 10; i += 3) {}', mutants: ['i <= 10', 'i >= 10'] },
    { code: 'while (i < 10) { i += 3; }', mutants: ['i <= 10', 'i >= 10'] },
  ],
});
