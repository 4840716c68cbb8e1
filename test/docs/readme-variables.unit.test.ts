import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { VARIABLES, VITEST_HOOKS_VARIABLE } from '../../src/verify/mutation/protocol';

const ROOT = path.join(__dirname, '..', '..');

/**
 * Names Attest sets for its own child processes (the verdict channel's descriptor, the mutant
 * switch's settings, the install's proxy socket), and one that is no variable at all (the
 * service's injection token): a user never sets them.
 */
const INTERNAL = new Set<string>([
  ...Object.values(VARIABLES),
  VITEST_HOOKS_VARIABLE,
  'ATTEST_CHANNEL',
  'ATTEST_PROXY_SOCKET',
  'ATTEST_CONFIG',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('the README', () => {
  it('documents every ATTEST_ variable the code reads', () => {
    const names = new Set(
      [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'bin'))].flatMap(
        (file) => readFileSync(file, 'utf8').match(/\bATTEST_[A-Z][A-Z0-9_]*\b/g) ?? [],
      ),
    );
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const undocumented = [...names]
      .filter((name) => !INTERNAL.has(name) && !new RegExp(`\`${name}(=[^\`]*)?\``).test(readme))
      .sort();
    expect(undocumented).toEqual([]);
    // Settings grow; the scan must keep finding them (a broken pattern would find none).
    expect(names.size).toBeGreaterThan(30);
  });
});
