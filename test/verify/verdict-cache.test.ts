import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CandidateFile, VerifyRequest, VerifyResult } from '../../src/core/verification';
import { verifyCandidates } from '../../src/verify/verification';
import { runnerSettings } from '../helpers/factories';
import { copyFixture, tempDir } from '../helpers/temp-dir';

function aCandidate(file: string, target: string, lines: string[]): CandidateFile {
  return {
    candidateId: file,
    target,
    origin: 'examples',
    file,
    text: lines.join('\n'),
    focus: null,
  };
}

const MATH = aCandidate('test/attest/math.clamp.test.ts', 'src/math.ts#clamp', [
  "import { add, clamp } from '../../src/math';",
  "it('raises a value below the range', () => { expect(clamp(-5, 0, 10)).toBe(0); });",
  "it('adds as the suite does', () => { expect(add(1, 2)).toBe(3); });",
]);
const UNITS = aCandidate('test/attest/units.total.test.ts', 'src/units.ts#total', [
  "import { total } from '../../src/units';",
  "it('adds the quantities', () => { expect(total([1, 2, 3])).toBe(6); });",
]);

/** A verdict as the report shows it: status, gate, and each kill by place and how. */
function summary(result: VerifyResult) {
  return result.verdicts.map((v) => ({
    file: v.file,
    name: v.name,
    status: v.status,
    gate: v.gate,
    killed: v.killedMutants.map((k) => `${k.file}:${k.line} ${k.replacement} by ${k.by}`).sort(),
  }));
}

describe('verdict reuse', () => {
  it('reuses a verdict only while every file its run can load is the same', async () => {
    const repo = copyFixture('verify-repo');
    const cache = tempDir();
    try {
      const request = (): VerifyRequest => ({
        root: repo.path,
        files: ['package.json', 'src/units.ts', 'src/math.ts', 'test/math.test.ts'],
        // units.ts first: a change to it renumbers math.ts's mutants.
        codeFiles: ['src/units.ts', 'src/math.ts'],
        candidates: [MATH, UNITS],
        existingTests: ['test/math.test.ts'],
        packageName: null,
      });
      const verify = () => verifyCandidates(request(), runnerSettings(cache.path));

      const first = await verify();
      expect(first.verdicts.filter((v) => v.reused)).toEqual([]);
      expect(summary(first)).toEqual([
        expect.objectContaining({ name: 'raises a value below the range', status: 'accepted' }),
        expect.objectContaining({
          name: 'adds as the suite does',
          status: 'rejected',
          gate: 'added-value',
        }),
        expect.objectContaining({ name: 'adds the quantities', status: 'accepted' }),
      ]);

      // The same inputs: every verdict is the earlier one, by the same mutants.
      const second = await verify();
      expect(second.verdicts.map((v) => v.reused)).toEqual([true, true, true]);
      expect(summary(second)).toEqual(summary(first));

      // units.ts gains a function ahead of total: math.ts's mutants get new ids, and the test of
      // total must be judged again; the test of clamp, whose run cannot load units.ts, need not.
      const units = path.join(repo.path, 'src/units.ts');
      writeFileSync(
        units,
        `export const half = (n: number): number => n / 2;\n${readFileSync(units, 'utf8')}`,
      );
      const third = await verify();
      expect(third.verdicts.map((v) => [v.name, v.reused ?? false])).toEqual([
        ['raises a value below the range', true],
        ['adds as the suite does', true],
        ['adds the quantities', false],
      ]);
      expect(summary(third).slice(0, 2)).toEqual(summary(first).slice(0, 2));
      // Judged afresh, on the new lines of units.ts.
      expect(third.verdicts[2]).toMatchObject({ status: 'accepted' });
      expect(third.verdicts[2]!.killedMutants.map((k) => k.line)).toContain(12);
      // The reused kills name this verification's mutants, by their new ids.
      const clampTest = third.verdicts[0]!;
      for (const kill of clampTest.killedMutants) {
        const mutant = third.mutants.find((m) => m.id === kill.id)!;
        expect([mutant.file, mutant.line, mutant.replacement]).toEqual([
          kill.file,
          kill.line,
          kill.replacement,
        ]);
      }
      expect(clampTest.killedMutants.map((k) => k.id)).not.toEqual(
        first.verdicts[0]!.killedMutants.map((k) => k.id),
      );

      // A changed candidate text is a new candidate.
      appendFileSync(units, '\n');
      const changed = { ...MATH, text: `${MATH.text}\n// again\n` };
      const fourth = await verifyCandidates(
        { ...request(), candidates: [changed] },
        runnerSettings(cache.path),
      );
      expect(fourth.verdicts.map((v) => v.reused ?? false)).toEqual([false, false]);
    } finally {
      repo.dispose();
      cache.dispose();
    }
  }, 240_000);

  it('keeps no verdict that a time limit decided: a quieter machine may not repeat it', async () => {
    const repo = copyFixture('verify-repo');
    const cache = tempDir();
    try {
      const waits = aCandidate('test/attest/math.add.test.ts', 'src/math.ts#add', [
        "import { add } from '../../src/math';",
        "it('waits past its limit', async () => { await new Promise((r) => setTimeout(r, 5000)); expect(add(1, 2)).toBe(3); });",
      ]);
      const verify = () =>
        verifyCandidates(
          {
            root: repo.path,
            files: ['package.json', 'src/math.ts'],
            codeFiles: ['src/math.ts'],
            candidates: [waits],
            existingTests: [],
            packageName: null,
            limits: { testTimeoutMs: 1000 },
          },
          runnerSettings(cache.path),
        );
      const first = await verify();
      expect(first.verdicts).toEqual([
        expect.objectContaining({
          status: 'rejected',
          gate: 'pass',
          reasons: [expect.stringMatching(/timeout/i)],
        }),
      ]);
      expect((await verify()).verdicts.map((v) => v.reused ?? false)).toEqual([false]);
    } finally {
      repo.dispose();
      cache.dispose();
    }
  }, 120_000);
});
