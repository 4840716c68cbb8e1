import type { Mutant } from '../../src/core/mutant';
import type { KilledMutant } from '../../src/core/verdict';
import { mutationScore, statementCoverage } from '../../src/pipeline/build-report';
import { aMutant, aTarget, aVerdict } from '../helpers/factories';

/** `add` spans lines 3 to 5 of src/a.ts; `sub`, lines 7 to 9. */
const add = aTarget('add', { codeLines: [{ line: 3, endLine: 5 }] });
const sub = aTarget('sub', { codeLines: [{ line: 7, endLine: 9 }] });

const kill = (m: Mutant): KilledMutant => ({
  by: 'assertion',
  id: m.id,
  file: m.file,
  line: m.line,
  mutator: m.mutator,
  replacement: m.replacement,
});

describe(mutationScore.name, () => {
  const inAdd = aMutant(1, 4);
  const alsoInAdd = aMutant(2, 5);
  const inSub = aMutant(3, 8);
  const moduleData = aMutant(4, 4, { inFunction: false });
  const elsewhere = aMutant(5, 4, { file: 'src/b.ts' });
  const all = [inAdd, alsoInAdd, inSub, moduleData, elsewhere];

  it.each([
    ['the target’s own mutants, one of two killed', [add], [inAdd], { mutants: 2, killed: 1 }],
    ['both targets’ mutants together', [add, sub], [inAdd, inSub], { mutants: 3, killed: 2 }],
    ['a target none of whose mutants is killed', [sub], [inAdd], { mutants: 1, killed: 0 }],
    [
      'without module data or other files’ mutants, killed or not',
      [add],
      [moduleData, elsewhere],
      { mutants: 2, killed: 0 },
    ],
  ])('scores %s', (_what, targets, killed, score) => {
    const selected = [aVerdict({ killedMutants: killed.map(kill) })];
    expect(mutationScore(all, selected, targets)).toEqual(score);
  });

  it('counts a mutant two selected tests kill once', () => {
    const selected = [
      aVerdict({ killedMutants: [kill(inAdd)] }),
      aVerdict({ name: 'again', killedMutants: [kill(inAdd)] }),
    ];
    expect(mutationScore(all, selected, [add])).toEqual({ mutants: 2, killed: 1 });
  });
});

describe(statementCoverage.name, () => {
  it('counts the statements in the targets’ code, and those the selected tests ran', () => {
    const coverage = new Map([
      [
        'src/a.ts',
        [
          { line: 1, covered: true },
          { line: 3, covered: true },
          { line: 4, covered: false },
          { line: 8, covered: true },
        ],
      ],
      ['src/b.ts', [{ line: 4, covered: true }]],
    ]);
    expect(statementCoverage(coverage, [add])).toEqual({ statements: 2, statementsCovered: 1 });
    expect(statementCoverage(coverage, [add, sub])).toEqual({
      statements: 3,
      statementsCovered: 2,
    });
  });
});
