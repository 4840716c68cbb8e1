import type { ModuleExports } from './extract-symbols';
import type { ModuleGraph } from './module-graph';
import type { PackageEntry } from './package-entry';

const TEST_NAME = /(?:^|\/)(?:__tests__|__test__)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/;
const MOCHA_FOLDER = /^(?:test|tests)\/.*\.[cm]?[jt]sx?$/;

/** True for files that jest, vitest or mocha would run by their default naming. */
export function isTestFile(file: string): boolean {
  return TEST_NAME.test(file) || MOCHA_FOLDER.test(file);
}

/** The repository symbols a test file imports: relative imports, or the package's own name. */
export function referencedSymbols(
  file: string,
  exports: ModuleExports,
  graph: ModuleGraph,
  entry: PackageEntry,
): string[] {
  const ids = new Set<string>();
  for (const { from, imported } of exports.imports.values()) {
    const target = from === entry.name ? entry.entryFile : graph.resolve(file, from);
    if (!target) continue;
    if (imported === '*') {
      for (const symbol of graph.exportsOf(target).values()) ids.add(symbol.id);
      const main = graph.symbolFor(target, 'default');
      if (main) ids.add(main.id);
      continue;
    }
    const symbol = graph.symbolFor(target, imported);
    if (symbol) ids.add(symbol.id);
  }
  return [...ids].sort();
}
