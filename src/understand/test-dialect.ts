import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExistingTest, TestDialect } from '../core/code-symbol';

/**
 * The framework a repository's tests are written for. The runner its package.json declares
 * decides (jest, vitest or mocha, alone among them), then what most of its existing tests
 * import, then a `node --test` in its test script; Jest otherwise. A mocha repository writes
 * its assertions with chai when it has chai, else with node:assert.
 */
export function testDialect(root: string, tests: ExistingTest[], scope?: string): TestDialect {
  // A workspace package declares its runner, or inherits the root's.
  const own = scope ? declared(path.join(root, scope)) : null;
  const manifest = own && own.runners.size > 0 ? own : declared(root);
  const mocha = (): TestDialect => (manifest.chai ? 'mocha' : 'mocha-assert');
  const runners = manifest.runners;
  if (runners.size === 1) {
    const [only] = runners;
    return only === 'mocha' ? mocha() : (only as TestDialect);
  }
  const votes = new Map<string, number>();
  for (const t of tests)
    if (t.framework !== 'unknown') votes.set(t.framework, (votes.get(t.framework) ?? 0) + 1);
  const [best] = [...votes].sort((a, b) => b[1] - a[1]);
  if (best) return best[0] === 'mocha' ? mocha() : (best[0] as TestDialect);
  return manifest.nodeTest ? 'node:test' : 'jest';
}

interface Declared {
  runners: Set<string>;
  chai: boolean;
  /** Its test script runs `node --test`. */
  nodeTest: boolean;
}

function declared(dir: string): Declared {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    const names = ['dependencies', 'devDependencies'].flatMap((f) => Object.keys(pkg[f] ?? {}));
    const test = pkg.scripts?.test;
    return {
      runners: new Set(names.filter((n) => n === 'jest' || n === 'vitest' || n === 'mocha')),
      chai: names.includes('chai'),
      nodeTest: typeof test === 'string' && /\bnode\b[^&|;]*\s--test\b/.test(test),
    };
  } catch {
    return { runners: new Set(), chai: false, nodeTest: false };
  }
}
