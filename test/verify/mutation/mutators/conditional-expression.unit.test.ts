import { conditionalExpression } from '../../../../src/verify/mutation/mutators/conditional-expression';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(conditionalExpression, {
  valid: [
    ['const x = (a + b) * c;', 'parentheses that are not a condition'],
    ['for (let i = 0; i < n; i++) {}', 'a for loop’s condition is left to the operators'],
    ['const v = a ?? b;', 'a fallback is not a condition'],
  ],
  invalid: [
    { code: 'if (ready) go();', mutants: ['true', 'false'] },
    { code: 'while (queue.length) next();', mutants: ['true', 'false'] },
    { code: 'do { step(); } while (more);', mutants: ['true', 'false'] },
    { code: 'const v = a > b ? a : b;', mutants: ['true', 'false'] },
    { code: 'const v = (ok) ? 1 : 2;', mutants: ['true', 'false'] },
  ],
});
