import path from 'node:path';
import { verifyCandidates } from '../../../src/verify/verification';
import { givenFiles, runnerSettings } from '../../helpers/factories';
import { FIXTURES, tempDir } from '../../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

describe("the existing suite's results, cached per snapshot and lock", () => {
  it('are computed once, and the next verification of the same snapshot gives the same verdicts from the cache', async () => {
    const cache = tempDir();
    const request = {
      root: REPO,
      files: [
        'package.json',
        'src/math.ts',
        'test/math.test.ts',
        'candidates/good.candidate.ts',
        'candidates/redundant.candidate.ts',
      ],
      codeFiles: ['src/math.ts'],
      candidates: givenFiles('candidates/good.candidate.ts', 'candidates/redundant.candidate.ts'),
      existingTests: ['test/math.test.ts'],
      packageName: null,
    };
    const decisions = (verdicts: { name: string; status: string; gate: string | null }[]) =>
      verdicts.map((v) => [v.name, v.status, v.gate]);
    try {
      const heard: string[] = [];
      const first = await verifyCandidates(request, runnerSettings(cache.path), (m) =>
        heard.push(m),
      );
      // The suite's run is the long step: its progress is heard as its batches end.
      expect(heard).toEqual(["the repository's suite: 1 of 1 test files run with the mutants"]);
      const second = await verifyCandidates(request, runnerSettings(cache.path));
      expect([first.suiteCache, second.suiteCache]).toEqual(['miss', 'hit']);
      expect(decisions(second.verdicts)).toEqual(decisions(first.verdicts));
      expect(decisions(first.verdicts)).toContainEqual([
        'adds small numbers again',
        'rejected',
        'added-value',
      ]);
      const uncached = await verifyCandidates(request, runnerSettings(null));
      expect(uncached.suiteCache).toBe('off');
    } finally {
      cache.dispose();
    }
  }, 180_000);
});
