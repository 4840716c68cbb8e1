import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, verifyJson, type JsonVerdict } from '../helpers/attest-bin';
import { FIXTURES } from '../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'verify-repo');

/** Runs `attest verify --json` from the fixture's folder, with a key in the environment that must not leak. */
function verify(files: string[], extra: string[] = []): JsonVerdict[] {
  return verifyJson(REPO, files, extra, { OPENAI_API_KEY: 'sk-must-not-leak' });
}

const table = (verdicts: JsonVerdict[]) =>
  verdicts.map((v) => [v.file.split('/').pop(), v.name, v.status, v.gate]);

describe('attest verify', () => {
  it('gives every candidate of the fixture the verdict and gate it deserves', () => {
    const verdicts = verify(
      [
        'good',
        'hollow-static',
        'hollow-runtime',
        'smoke',
        'wrong',
        'type-error',
        'missing-import',
        'flaky',
        'leaky',
        'redundant',
        'credit',
        'presence',
      ].map((name) => `candidates/${name}.candidate.ts`),
    );
    expect(table(verdicts)).toEqual([
      [
        'good.candidate.ts',
        'clamp > raises a value below the range to the minimum',
        'accepted',
        null,
      ],
      [
        'good.candidate.ts',
        'clamp > lowers a value above the range to the maximum',
        'accepted',
        null,
      ],
      ['good.candidate.ts', 'doubles asynchronously', 'accepted', null],
      ['hollow-static.candidate.ts', 'asserts a tautology', 'rejected', 'static'],
      ['hollow-static.candidate.ts', 'mocks the function it tests', 'rejected', 'static'],
      ['hollow-static.candidate.ts', 'compares a value with itself', 'rejected', 'static'],
      ['hollow-static.candidate.ts', 'asserts only on its input', 'rejected', 'mutation'],
      ['hollow-static.candidate.ts', 'is skipped', 'rejected', 'static'],
      ['hollow-static.candidate.ts', 'matches a snapshot', 'rejected', 'static'],
      ['hollow-static.candidate.ts', 'calls expect with no matcher', 'rejected', 'static'],
      [
        'hollow-runtime.candidate.ts',
        'swallows its assertion in a try/catch',
        'rejected',
        'static',
      ],
      [
        'hollow-runtime.candidate.ts',
        'asserts in a callback that never runs',
        'rejected',
        'hollow',
      ],
      ['hollow-runtime.candidate.ts', 'asserts in a branch never taken', 'rejected', 'hollow'],
      ['hollow-runtime.candidate.ts', 'does not await its promise', 'rejected', 'static'],
      ['smoke.candidate.ts', 'calls clamp without asserting', 'rejected', 'static'],
      [
        'smoke.candidate.ts',
        'throws its own error when clamp changes, but asserts nothing',
        'rejected',
        'static',
      ],
      ['wrong.candidate.ts', 'expects the wrong sum', 'rejected', 'pass'],
      ['type-error.candidate.ts', 'calls add with one argument', 'rejected', 'compile'],
      ['type-error.candidate.ts', 'passes a string to clamp', 'rejected', 'compile'],
      ['missing-import.candidate.ts', 'subtracts', 'rejected', 'compile'],
      ['flaky.candidate.ts', 'depends on chance', 'rejected', 'stable'],
      ['leaky.candidate.ts', 'leaks a file into the next run', 'rejected', 'stable'],
      ['redundant.candidate.ts', 'adds small numbers again', 'rejected', 'added-value'],
      ['credit.candidate.ts', 'reads a decimal', 'accepted', null],
      ['credit.candidate.ts', 'totals a quantity of zero', 'accepted', null],
      ['presence.candidate.ts', 'only checks that a decimal came back', 'rejected', 'mutation'],
      ['presence.candidate.ts', 'totals without asserting', 'rejected', 'static'],
    ]);
    const below = verdicts[0]!;
    expect(below.assertionCount).toBe(1);
    expect(below.killedMutants).toContainEqual({
      id: expect.any(Number),
      file: 'src/math.ts',
      line: 6,
      mutator: 'ConditionalExpression',
      replacement: 'false',
      by: 'assertion',
    });
    // Credit by what the assertion proves: the emptied wrapper noticed by an exact value, and
    // the mutant that makes `total([0])` throw noticed by the assertion on that call.
    const killedBy = (name: string) =>
      verdicts.find((v) => v.name === name)!.killedMutants.map((k) => [k.replacement, k.by]);
    expect(killedBy('reads a decimal')).toEqual([['{}', 'assertion']]);
    expect(killedBy('totals a quantity of zero')).toContainEqual(['quantity <= 0', 'assertion']);
    expect(
      verdicts.find((v) => v.name === 'only checks that a decimal came back')?.reasons[0],
    ).toMatch(/only by checking that a value is there/);
    expect(verdicts.find((v) => v.name === 'expects the wrong sum')?.reasons[0]).toMatch(
      /^it fails on the original code: .*Expected: 5\s+Received: 4/s,
    );
    expect(verdicts.find((v) => v.name === 'calls add with one argument')?.reasons).toEqual([
      'it does not type-check: line 4: Expected 2 arguments, but got 1. (TS2554)',
    ]);
    expect(verdicts.every((v) => v.status === 'accepted' || v.reasons.length > 0)).toBe(true);
  });

  it('rejects, with the reason, tests that loop, exhaust memory, exit, kill their parent or import the network', () => {
    // A heap cap well below the default, so that the hoarding test reaches it long before the
    // 8 s limit however busy the machine is.
    const verdicts = verify(
      ['loop', 'memory', 'exit', 'kill-parent', 'socket'].map(
        (name) => `dangerous/${name}.candidate.ts`,
      ),
      ['--timeout', '8', '--memory', '256'],
    );
    expect(verdicts.map((v) => [v.name, v.status, v.gate, v.reasons[0]?.split(':')[0]])).toEqual([
      ['loops forever', 'rejected', 'pass', 'it did not finish within 8 s'],
      ['allocates without bound', 'rejected', 'pass', 'it ran out of memory'],
      [
        'calls process.exit',
        'rejected',
        'pass',
        'it called process.exit(0), which ends the test process.',
      ],
      ['kills its parent', 'rejected', 'pass', 'the process that ran it was killed by SIGKILL'],
      ['opens a socket', 'rejected', 'static', 'it imports node'],
    ]);
  });
});

describe('attest verify on bad input', () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, 'verify', ...args], {
      cwd: REPO,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });

  it.each([
    [
      ['.', '../paths-repo/test/greet.candidate.ts'],
      /^attest: \.\.\/paths-repo\/test\/greet\.candidate\.ts is not inside .*verify-repo: the test files to verify must lie inside the repository\./,
    ],
    [
      ['.', 'candidates/nope.candidate.ts'],
      /^attest: candidates\/nope\.candidate\.ts is not a file of the repository/,
    ],
    [
      ['https://example.invalid/repo.git', 'a.test.ts'],
      /^attest: attest verify reads test files inside a local repository/,
    ],
    [['.'], /^attest: missing required argument 'test-files'/],
    [
      ['.', 'candidates/good.candidate.ts', '--memory', '0.5'],
      /^attest: option '--memory <MiB>' argument '0.5' is invalid\. it must be a whole number above 0\./,
    ],
  ])('exits non-zero with one line for %j', (args, message) => {
    const result = run(args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });
});
