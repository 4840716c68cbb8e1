import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { billingKillsByAssertion, verifyJson, type JsonVerdict } from '../helpers/attest-bin';
import { FIXTURES, tempDir } from '../helpers/temp-dir';

const ROOT = path.join(__dirname, '..', '..');
const BILLING = path.join(ROOT, 'examples', 'billing');
const CANDIDATES = path.join(FIXTURES, 'billing-candidates');

/**
 * A Jest test file in vitest's words: its API imported, `vi` where Jest has `jest`, and a typed
 * mock as vitest types it (`jest.fn<R, Args>()` is `vi.fn<(...args: Args) => R>()`).
 */
function inVitest(text: string): string {
  return [
    "import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';",
    text
      .replace(/\bjest(?=\s*\.)/g, 'vi')
      .replace(/\.fn<([^,<>]+(?:<[^<>]*>)?),\s*\[([^\]]*)\]>\(/g, '.fn<(...args: [$2]) => $1>('),
  ].join('\n');
}

/**
 * examples/billing as a vitest repository, with its vitest installed: the gate, now run in the
 * repository's own vitest, must take every good test and turn away every bad one, as it does
 * under Jest (test/e2e/billing.test.ts).
 */
describe('attest verify on a vitest copy of examples/billing, in its own vitest', () => {
  let verdicts: JsonVerdict[];

  beforeAll(() => {
    const repo = tempDir();
    try {
      cpSync(BILLING, repo.path, { recursive: true });
      const pkg = JSON.parse(readFileSync(path.join(BILLING, 'package.json'), 'utf8')) as object;
      writeFileSync(
        path.join(repo.path, 'package.json'),
        JSON.stringify({
          ...pkg,
          scripts: { test: 'vitest run' },
          devDependencies: { vitest: '4.1.12' },
        }),
      );
      // Its vitest is Attest's own (4.1.12), installed as the repository's would be.
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo.path, 'node_modules'));
      const own = path.join(repo.path, 'test', 'cancel.test.ts');
      writeFileSync(own, inVitest(readFileSync(own, 'utf8')));
      mkdirSync(path.join(repo.path, 'candidates'));
      const files = readdirSync(CANDIDATES).map((name) => {
        const text = readFileSync(path.join(CANDIDATES, name), 'utf8');
        writeFileSync(path.join(repo.path, 'candidates', name), inVitest(text));
        return `candidates/${name}`;
      });
      verdicts = verifyJson(repo.path, files);
    } finally {
      repo.dispose();
    }
  }, 300_000);

  const of = (prefix: string) => verdicts.filter((v) => v.file.startsWith(`candidates/${prefix}`));

  it('accepts every good test: collaborator spies, closures, counters, fake timers, rejects', () => {
    const good = of('good-');
    expect(good).toHaveLength(13);
    expect(good.filter((v) => v.status !== 'accepted').map((v) => [v.name, v.reasons])).toEqual([]);
  });

  it('credits spies, fake timers, rejected promises, exact values and throws in a subject with kills by assertion', () => {
    const kills = billingKillsByAssertion(verdicts);
    expect(kills.spy).toBeGreaterThan(0);
    expect(kills.fakeTime).toContain('ArithmeticOperator');
    expect(kills.rejection).toBeGreaterThan(0);
    expect(kills.wrapper).toEqual(['BlockStatement']);
    expect(kills.thrownInSubject).toContain('line.quantity <= 0');
  });

  it('rejects every hollow, wrong or flaky test', () => {
    const bad = of('bad-');
    expect(bad.map((v) => v.file.slice('candidates/'.length)).sort()).toEqual(
      readdirSync(CANDIDATES)
        .filter((n) => n.startsWith('bad-'))
        .sort(),
    );
    expect(bad.filter((v) => v.status !== 'rejected').map((v) => v.file)).toEqual([]);
  });
});
