import { blockStatement } from '../../../../src/verify/mutation/mutators/block-statement';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(blockStatement, {
  valid: [
    ['function f() {}', 'already empty'],
    ['function f() { /* nothing */ }', 'only a comment'],
    ["function f() { 'use strict'; go(); }", 'a directive must stay first'],
    ['class B extends A { constructor() { super(); this.x = 1; } }', 'super() must stay'],
  ],
  invalid: [
    { code: 'function f() { return 1; }', mutants: ['{}'] },
    { code: 'if (x) { run(); }', mutants: ['{}'] },
    { code: 'function f() { if (x) { run(); } }', mutants: ['{}', '{}'] },
  ],
});
