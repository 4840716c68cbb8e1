import { mkdtempSync, rmSync, cpSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temporary folder, removed by `dispose`. */
export function tempDir(prefix = 'attest-test-'): { path: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { path: dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A copy of a fixture under test/fixtures in a fresh temporary folder. */
export function copyFixture(name: string): { path: string; dispose: () => void } {
  return copyFolder(path.join(__dirname, '..', 'fixtures', name));
}

/** A copy of any folder (such as examples/textkit) in a fresh temporary folder. */
export function copyFolder(source: string): { path: string; dispose: () => void } {
  const dir = tempDir();
  const dest = path.join(dir.path, path.basename(source));
  cpSync(source, dest, { recursive: true });
  return { path: dest, dispose: dir.dispose };
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/**
 * A copy of the vitest-native-repo fixture whose vitest is Attest's own (4.1.12), linked as the
 * repository's installed node_modules would be.
 */
export function copyNativeVitestFixture(): { path: string; dispose: () => void } {
  const repo = copyFixture('vitest-native-repo');
  symlinkSync(
    path.join(__dirname, '..', '..', 'node_modules'),
    path.join(repo.path, 'node_modules'),
  );
  return repo;
}

/** Adds `test/broken.test.ts`, a vitest file that cannot load: it imports a module that is not there. */
export function addUnloadableVitestTest(repo: string): void {
  writeFileSync(
    path.join(repo, 'test', 'broken.test.ts'),
    "import { it, expect } from 'vitest';\nimport { gone } from '../src/gone';\nit('x', () => expect(gone).toBe(1));\n",
  );
}
