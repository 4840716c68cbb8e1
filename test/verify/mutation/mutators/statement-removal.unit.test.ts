import { statementRemoval } from '../../../../src/verify/mutation/mutators/statement-removal';
import { describeMutator } from '../../../helpers/mutator-table';

describeMutator(statementRemoval, {
  valid: [
    ['function f() { x + 1; }', 'an expression with no effect'],
    ['class B extends A { constructor() { super(); } }', 'super() must stay'],
    ['function f() { local = 1; }', 'a write to a plain name is left alone'],
    ['save(order);', 'a statement of the module itself, run at load'],
  ],
  invalid: [
    { code: 'function f() { save(order); }', mutants: ['(statement removed)'] },
    { code: 'async function f() { await flush(); }', mutants: ['(statement removed)'] },
    { code: 'function f() { this.count = 0; }', mutants: ['(statement removed)'] },
    { code: 'function f() { if (x) log(x); }', mutants: ['(statement removed)'] },
    { code: 'function f() { if (x) {} else log(x); }', mutants: ['(statement removed)'] },
  ],
});
