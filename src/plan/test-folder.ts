import type { ExistingTest } from '../core/code-symbol';

const TOP_FOLDERS = ['test', 'tests', '__tests__', 'spec'];

/** What Plan.testDir says when each test goes beside the code it tests. */
export const BESIDE_THE_CODE = '(beside the code each tests)';

/**
 * Where generated tests go, after the repository's own convention: `attest/` inside the
 * top-level folder that holds most of its tests (`test/`, `tests/`, `__tests__/`, `spec/`),
 * `src/__tests__/attest` when its tests sit in `__tests__` folders, null when most sit beside
 * the code they test (`src/foo.spec.ts`), and `test/attest` otherwise; inside the package's
 * folder when a job targets one package of a workspace.
 */
export function testFolderFor(tests: ExistingTest[], scope?: string): string | null {
  // In a workspace package, the convention is the package's, and so is the folder.
  const base = scope ? `${scope}/` : '';
  const votes = new Map<string, number>();
  let beside = 0;
  for (const test of tests) {
    const file = test.file.startsWith(base) ? test.file.slice(base.length) : test.file;
    const top = file.split('/')[0]!;
    const folder = TOP_FOLDERS.includes(top)
      ? top
      : file.includes('__tests__/')
        ? `${top}/__tests__`
        : null;
    if (folder) votes.set(folder, (votes.get(folder) ?? 0) + 1);
    else if (file.includes('/')) beside += 1;
  }
  const [best] = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const inFolders = [...votes.values()].reduce((n, v) => n + v, 0);
  if (beside > inFolders) return null;
  return `${base}${best ? best[0] : 'test'}/attest`;
}

/** `spec` when most of the repository's tests are named `*.spec.*`, else `test`. */
export function testSuffixFor(tests: ExistingTest[]): 'test' | 'spec' {
  const spec = tests.filter((t) => /\.spec\.[cm]?[jt]sx?$/.test(t.file)).length;
  const test = tests.filter((t) => /\.test\.[cm]?[jt]sx?$/.test(t.file)).length;
  return spec > test ? 'spec' : 'test';
}
