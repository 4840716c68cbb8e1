import path from 'node:path';
import { typeCheck } from '../../src/verify/type-check';
import { FIXTURES } from '../helpers/temp-dir';

const WORKSPACE = path.join(FIXTURES, 'verify-repo');

describe(typeCheck.name, () => {
  it("rejects a wrong arity and a wrong type with the compiler's message and line", () => {
    const errors = typeCheck(WORKSPACE, ['candidates/type-error.candidate.ts']);
    expect(errors.get('candidates/type-error.candidate.ts')?.map((e) => e.text)).toEqual([
      'line 4: Expected 2 arguments, but got 1. (TS2554)',
      "line 8: Argument of type 'string' is not assignable to parameter of type 'number'. (TS2345)",
    ]);
  });

  it('rejects an import of a module or export that does not exist', () => {
    const errors = typeCheck(WORKSPACE, ['candidates/missing-import.candidate.ts']);
    expect(
      errors.get('candidates/missing-import.candidate.ts')?.map((e) => [e.line, e.text]),
    ).toEqual([
      [
        1,
        "line 1: Cannot find module '../src/nowhere' or its corresponding type declarations. (TS2307)",
      ],
    ]);
  });

  it("accepts tests that type-check, Jest's globals included", () => {
    const errors = typeCheck(WORKSPACE, [
      'candidates/good.candidate.ts',
      'candidates/wrong.candidate.ts',
    ]);
    expect([...errors]).toEqual([
      ['candidates/good.candidate.ts', []],
      ['candidates/wrong.candidate.ts', []],
    ]);
  });
});
