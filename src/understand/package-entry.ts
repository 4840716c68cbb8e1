import type { ModuleGraph } from './module-graph';

/** What package.json says about how others import the package. */
export interface PackageManifest {
  name?: unknown;
  main?: unknown;
  module?: unknown;
  types?: unknown;
  exports?: unknown;
  type?: unknown;
}

/** The package's name and the repository file that `import … from '<name>'` reaches. */
export interface PackageEntry {
  name: string | null;
  entryFile: string | null;
}

const BUILD_FOLDERS = /^(?:\.\/)?(?:dist|lib|build|out|cjs|esm)\//;

/**
 * Finds the source file behind the package's entry point. A built entry (`dist/index.js`) is
 * mapped back to the source that produced it (`src/index.ts`), since build output is not read.
 */
export function packageEntry(manifest: PackageManifest | null, graph: ModuleGraph): PackageEntry {
  const name = typeof manifest?.name === 'string' ? manifest.name : null;
  const declared = [
    exportsEntry(manifest?.exports),
    manifest?.main,
    manifest?.module,
    manifest?.types,
  ]
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.replace(/^\.\//, '').replace(/\.d\.ts$/, '.ts'));
  const candidates = declared.flatMap((entry) => [
    entry,
    entry.replace(BUILD_FOLDERS, 'src/'),
    entry.replace(BUILD_FOLDERS, ''),
  ]);
  candidates.push('src/index', 'index', 'lib/index', `src/${name ?? ''}`);
  for (const candidate of candidates) {
    const file = graph.resolvePath(candidate.replace(/\/$/, ''));
    if (file) return { name, entryFile: file };
  }
  return { name, entryFile: null };
}

function exportsEntry(exports: unknown): string | null {
  if (typeof exports === 'string') return exports;
  if (!exports || typeof exports !== 'object') return null;
  const record = exports as Record<string, unknown>;
  const root = '.' in record ? record['.'] : record;
  if (typeof root === 'string') return root;
  if (!root || typeof root !== 'object') return null;
  const conditions = root as Record<string, unknown>;
  for (const key of ['source', 'require', 'import', 'node', 'default', 'types']) {
    const value = conditions[key];
    const found = typeof value === 'string' ? value : exportsEntry(value);
    if (found) return found;
  }
  return null;
}
