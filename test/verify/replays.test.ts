import path from 'node:path';
import type { CandidateFile } from '../../src/core/verification';
import { verifyCandidates } from '../../src/verify/verification';
import { runnerSettings } from '../helpers/factories';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

const candidate = (name: string, text: string): CandidateFile => ({
  candidateId: name,
  target: null,
  origin: 'given',
  file: `candidates/${name}.candidate.ts`,
  text,
  focus: null,
});

function verify(candidates: CandidateFile[]) {
  return verifyCandidates(
    {
      root: REPO,
      files: ['package.json', 'src/math.ts'],
      codeFiles: ['src/math.ts'],
      candidates,
      existingTests: [],
      packageName: null,
    },
    runnerSettings(),
  );
}

/**
 * The mutation gate replays a test once per mutant in one process. A replay must start as
 * Jest starts a test, or state from the run before decides the outcome: a kill nobody earned,
 * or a survivor nobody let live.
 */
describe('replays in the mutation gate', () => {
  it('run the beforeEach hooks again, with the mutant on, and start from cleared mocks', async () => {
    const result = await verify([
      candidate(
        'hooks',
        `import { clamp } from '../src/math';
let value = 0;
beforeEach(() => {
  value = clamp(5, 0, 3);
});
it('reads what its beforeEach computed', () => {
  expect(value).toBe(3);
});
`,
      ),
      candidate(
        'defined',
        `import { clamp } from '../src/math';
it('only checks that clamp returns something', () => {
  expect(clamp(5, 0, 3)).toBeDefined();
});
`,
      ),
      candidate(
        'spy',
        `import { clamp } from '../src/math';
const seen = jest.fn();
it('counts the calls of its own spy', () => {
  seen(clamp(5, 0, 3));
  expect(seen).toHaveBeenCalledTimes(1);
});
`,
      ),
    ]);
    const verdict = (name: string) => result.verdicts.find((v) => v.name === name)!;
    // The clamp mutants are reached in beforeEach: only a replay that runs it with the
    // mutant on can kill them.
    expect(verdict('reads what its beforeEach computed').status).toBe('accepted');
    expect(
      verdict('reads what its beforeEach computed').killedMutants.some((k) => k.by === 'assertion'),
    ).toBe(true);
    // Emptying clamp's body is the one mutant it notices: not enough to check what clamp computes.
    expect(verdict('only checks that clamp returns something')).toMatchObject({
      status: 'rejected',
      gate: 'mutation',
      reasons: [expect.stringMatching(/make a whole function return nothing/)],
    });
    // Had the spy's calls piled up across replays, every mutant would seem to kill this test.
    expect(verdict('counts the calls of its own spy')).toMatchObject({
      status: 'rejected',
      gate: 'mutation',
    });
  }, 120_000);

  it('find a test that counts on its own first run, and try its mutants on fresh loads', async () => {
    const result = await verify([
      candidate(
        'first-run',
        `import { clamp } from '../src/math';
let runs = 0;
it('clamps, on its first run only', () => {
  runs += 1;
  expect(runs).toBe(1);
  expect(clamp(5, 0, 3)).toBe(3);
});
`,
      ),
    ]);
    const [verdict] = result.verdicts;
    // Replayed in the same process, every mutant would "kill" it, since runs is 2 by then.
    // On fresh loads only the mutants that change clamp's answer do.
    expect(verdict!.status).toBe('accepted');
    const killed = verdict!.killedMutants.map((k) => k.replacement);
    expect(killed).toContain('value <= max');
    expect(killed).not.toContain('value <= min');
  }, 120_000);
});
