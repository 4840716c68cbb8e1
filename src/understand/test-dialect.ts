import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExistingTest, TestDialect } from '../core/code-symbol';

/**
 * The framework a repository's tests are written for: vitest when its package.json depends on
 * vitest and not on Jest, or when most of its existing tests import vitest; Jest otherwise.
 */
export function testDialect(root: string, tests: ExistingTest[], scope?: string): TestDialect {
  // A workspace package declares its runner, or inherits the root's.
  const own = scope ? declaredRunners(path.join(root, scope)) : new Set<string>();
  const declared = own.size > 0 ? own : declaredRunners(root);
  if (declared.has('vitest') && !declared.has('jest')) return 'vitest';
  if (declared.has('jest') && !declared.has('vitest')) return 'jest';
  const vitest = tests.filter((t) => t.framework === 'vitest').length;
  const jest = tests.filter((t) => t.framework === 'jest').length;
  return vitest > jest ? 'vitest' : 'jest';
}

function declaredRunners(root: string): Set<string> {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    const names = ['dependencies', 'devDependencies'].flatMap((f) => Object.keys(pkg[f] ?? {}));
    return new Set(names.filter((n) => n === 'jest' || n === 'vitest'));
  } catch {
    return new Set();
  }
}
