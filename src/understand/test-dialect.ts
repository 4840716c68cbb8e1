import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExistingTest } from '../core/code-symbol';
import { DEFAULT_DIALECT, DIALECTS, type TestDialect } from '../core/dialects/dialects';

/**
 * The framework a repository's tests are written for. The runner its package.json declares
 * decides (one runner package alone among the dialects'), then what most of its existing tests
 * are written for, then a test script that names a dialect (`node --test`); the default
 * otherwise. Among the dialects of one runner, the declared packages choose (mocha with chai,
 * or with node:assert).
 */
export function testDialect(root: string, tests: ExistingTest[], scope?: string): TestDialect {
  // A workspace package declares its runner, or inherits the root's.
  const own = scope ? declared(path.join(root, scope)) : null;
  const manifest = own && runnersOf(own).size > 0 ? own : declared(root);
  const pick = (matches: (d: (typeof DIALECTS)[number]) => boolean): TestDialect | undefined =>
    DIALECTS.find((d) => matches(d) && (d.detection.fits?.(manifest.packages) ?? true))?.name;
  const runners = runnersOf(manifest);
  if (runners.size === 1) {
    const [only] = runners;
    const chosen = pick((d) => d.detection.runnerPackage === only);
    if (chosen) return chosen;
  }
  const votes = new Map<string, number>();
  for (const t of tests)
    if (t.framework !== 'unknown') votes.set(t.framework, (votes.get(t.framework) ?? 0) + 1);
  const [best] = [...votes].sort((a, b) => b[1] - a[1]);
  const voted = best && pick((d) => d.framework === best[0]);
  if (voted) return voted;
  const script = manifest.testScript;
  return pick((d) => !!d.detection.testScript?.test(script)) ?? DEFAULT_DIALECT;
}

/** Which framework a test file is written for: its imports first, then its style. */
export function frameworkOf(text: string): ExistingTest['framework'] {
  const dialect =
    DIALECTS.find((d) => d.detection.imports?.test(text)) ??
    DIALECTS.find((d) => d.detection.style?.test(text));
  return dialect?.framework ?? 'unknown';
}

interface Declared {
  /** The names of its dependencies and devDependencies. */
  packages: ReadonlySet<string>;
  testScript: string;
}

/** The dialects' runner packages that a manifest declares. */
function runnersOf(manifest: Declared): Set<string> {
  return new Set(
    DIALECTS.flatMap((d) => d.detection.runnerPackage ?? []).filter((p) =>
      manifest.packages.has(p),
    ),
  );
}

function declared(dir: string): Declared {
  try {
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, unknown> | undefined
    >;
    const names = ['dependencies', 'devDependencies'].flatMap((f) => Object.keys(pkg[f] ?? {}));
    const test = pkg.scripts?.test;
    return { packages: new Set(names), testScript: typeof test === 'string' ? test : '' };
  } catch {
    return { packages: new Set(), testScript: '' };
  }
}
