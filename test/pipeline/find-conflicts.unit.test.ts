import { NO_USAGE, type Candidate } from '../../src/core/candidate';
import { markEchoes, withDisputes, type FoundConflict } from '../../src/pipeline/find-conflicts';
import { aTarget, aVerdictOn } from '../helpers/factories';

/** The docs say ordinal(11) is '11th'; the code gives '11st'. */
const conflict = (): FoundConflict => ({
  requirementId: 'doc-1',
  target: 'src/ordinal.ts#ordinal',
  targetId: 'src/ordinal.ts#ordinal',
  file: 'README.md',
  line: 12,
  call: 'ordinal(11)',
  expected: "'11th'",
  actual: "'11st'",
  test: { file: 'test/attest/ordinal.examples.test.ts', name: 'ordinal(11)' },
  echoedBy: [],
});

/** A model's candidate file for ordinal with one test of this body. */
function modelCandidate(body: string): Candidate {
  return {
    id: 'model-1',
    targetId: 'src/ordinal.ts#ordinal',
    origin: 'model:cheap',
    round: 0,
    file: 'candidates/ordinal.model.test.ts',
    deliverAs: 'test/attest/ordinal.test.ts',
    text: `import { ordinal } from '../src/ordinal';\n\nit('numbers eleven', () => {\n  ${body}\n});\n`,
    tests: [],
    usage: NO_USAGE,
  };
}

describe(markEchoes.name, () => {
  it.each([
    ["expect(ordinal(11)).toBe('11st');", 'asserts the code’s value for the disputed call'],
    ['expect(ordinal( 11 )).toBe("11st");', 'writes it with other spaces and quotes'],
  ])(
    'turns an accepted model test with %s (it %s) into a conflict beside the requirement’s',
    (body) => {
      const candidate = modelCandidate(body);
      const conflicts = [conflict()];
      const [verdict] = markEchoes(
        conflicts,
        [candidate],
        [aVerdictOn(candidate, 'numbers eleven')],
      );
      expect(verdict).toMatchObject({ status: 'conflict', gate: 'pass' });
      expect(verdict!.reasons[0]).toContain(
        "it asserts that ordinal(11) gives '11st', the code's value, where requirement doc-1 states '11th'",
      );
      expect(conflicts[0]!.echoedBy).toEqual([
        { file: 'candidates/ordinal.model.test.ts', name: 'numbers eleven' },
      ]);
    },
  );

  it.each([
    ["expect(ordinal(12)).toBe('12th');", 'another call'],
    ["expect(ordinal(11)).toBe('11th');", 'the value the docs state'],
  ])('leaves an accepted test of %s (%s) as it was', (body) => {
    const candidate = modelCandidate(body);
    const verdict = aVerdictOn(candidate, 'numbers eleven');
    const conflicts = [conflict()];
    expect(markEchoes(conflicts, [candidate], [verdict])).toEqual([verdict]);
    expect(conflicts[0]!.echoedBy).toEqual([]);
  });

  it('leaves rejected tests and the examples tier alone', () => {
    const candidate = modelCandidate("expect(ordinal(11)).toBe('11st');");
    const rejected = aVerdictOn(candidate, 'numbers eleven', {
      status: 'rejected',
      gate: 'mutation',
    });
    const examples = { ...candidate, id: 'examples-1', origin: 'examples' as const };
    const tierZero = aVerdictOn(examples, 'numbers eleven');
    expect(markEchoes([conflict()], [candidate, examples], [rejected, tierZero])).toEqual([
      rejected,
      tierZero,
    ]);
  });
});

describe(withDisputes.name, () => {
  it('gives each target its own disputed calls for the tiers after tier 0, and no other', () => {
    const ordinal = aTarget('ordinal', { id: 'src/ordinal.ts#ordinal' });
    const other = aTarget('plural', { id: 'src/plural.ts#plural' });
    const [disputed, untouched] = withDisputes([ordinal, other], [conflict()]);
    expect(disputed!.disputes).toEqual([
      { requirementId: 'doc-1', call: 'ordinal(11)', expected: "'11th'" },
    ]);
    expect(untouched).toBe(other);
  });
});
