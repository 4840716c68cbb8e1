import { arithmeticOperator } from '../../../../src/verify/mutation/mutators/arithmetic-operator';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(arithmeticOperator, {
  valid: [
    ["const greeting = 'Hello, ' + name;", 'string concatenation would only make NaN'],
    ['const label = `#${n}` + suffix;', 'a template concatenates too'],
    ['const same = a === b;', 'a comparison is not arithmetic'],
  ],
  invalid: [
    { code: 'const total = price + tax;', mutants: ['price - tax'] },
    { code: 'const net = gross - fee;', mutants: ['gross + fee'] },
    { code: 'const area = w * h;', mutants: ['w / h'] },
    { code: 'const rate = part / whole;', mutants: ['part * whole'] },
    { code: 'const odd = n % 2;', mutants: ['n * 2'] },
    { code: 'const x = (a + b) * c;', mutants: ['a - b', '(a + b) / c'] },
  ],
});
