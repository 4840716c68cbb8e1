import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CandidateFile } from '../../../src/core/verification';
import { SourceParser } from '../../../src/understand/source-parser';
import { AddedValueGate } from '../../../src/verify/gates/added-value-gate';
import { instrument } from '../../../src/verify/mutation/instrument';
import { verifyCandidates } from '../../../src/verify/verification';
import { runnerSettings } from '../../helpers/factories';
import { FIXTURES } from '../../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

function aCandidate(file: string, tests: string[], survivors?: number[]): CandidateFile {
  return {
    candidateId: file,
    target: 'src/math.ts#clamp',
    origin: 'model:cheap',
    file,
    text: [
      "import { add, clamp } from '../../src/math';",
      '',
      "describe('clamp', () => {",
      ...tests,
      '});',
      '',
    ].join('\n'),
    focus: null,
    ...(survivors ? { survivors } : {}),
  };
}

describe(AddedValueGate.name, () => {
  it('accepts a survivor round test only for a survivor it kills by a failed assertion', async () => {
    // The runner numbers the mutants as the instrumenter does: the same code, the same ids.
    const text = readFileSync(path.join(REPO, 'src/math.ts'), 'utf8');
    const { mutants } = instrument(text, 'src/math.ts', 'typescript', new SourceParser());
    const survivor = mutants.find((m) => m.line === 7 && m.replacement === 'value <= max')!.id;
    const inRange =
      "  it('keeps a value inside the range', () => expect(clamp(5, 0, 10)).toBe(5));";
    const below = "  it('raises a value below the range', () => expect(clamp(-5, 0, 10)).toBe(0));";
    const sum = "  it('adds', () => expect(add(2, 3)).toBe(5));";
    const result = await verifyCandidates(
      {
        root: REPO,
        files: ['package.json', 'src/math.ts'],
        codeFiles: ['src/math.ts'],
        candidates: [
          aCandidate('test/attest/math.clamp.cheap-s1.test.ts', [inRange, below, sum], [survivor]),
          aCandidate('test/attest/math.clamp.cheap.test.ts', [below]),
        ],
        existingTests: [],
        packageName: null,
      },
      runnerSettings(),
    );
    const verdict = (file: string, name: string) =>
      result.verdicts.find((v) => v.file.endsWith(file) && v.name.endsWith(name))!;
    const kept = verdict('cheap-s1.test.ts', 'keeps a value inside the range');
    expect(kept.status).toBe('accepted');
    expect(kept.killedMutants).toContainEqual(
      expect.objectContaining({ id: survivor, by: 'assertion' }),
    );
    for (const name of ['raises a value below the range', 'adds']) {
      const redundant = verdict('cheap-s1.test.ts', name);
      expect(redundant).toMatchObject({ status: 'rejected', gate: 'added-value' });
      expect(redundant.reasons[0]).toBe(
        `it kills none of the 1 mutants that the accepted tests leave alive (${survivor}) by a failed assertion: it is redundant with the accepted tests.`,
      );
      // It does kill other mutants: only the survivors it was asked for count.
      expect(redundant.killedMutants.some((k) => k.by === 'assertion')).toBe(true);
    }
    // The same test outside a survivor round is judged as before.
    expect(verdict('clamp.cheap.test.ts', 'raises a value below the range').status).toBe(
      'accepted',
    );
  }, 120_000);
});
