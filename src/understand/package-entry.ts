import path from 'node:path';
import { exports as resolveExports } from 'resolve.exports';
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
  /** package.json's `exports`, for subpaths (`<name>/compat`): see subpathFile. */
  exports?: unknown;
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
  ].filter((v): v is string => typeof v === 'string');
  const fallbacks = ['src/index', 'index', 'lib/index', `src/${name ?? ''}`];
  const entryFile = sourceFile([...declared, ...fallbacks], graph);
  return { name, entryFile, ...(manifest?.exports ? { exports: manifest.exports } : {}) };
}

/**
 * The repository file behind one of the declared paths: itself, or the source a build folder
 * was made from (`dist/index.js` → `src/index.ts`).
 */
function sourceFile(paths: string[], graph: ModuleGraph): string | null {
  for (const declared of paths) {
    const entry = declared.replace(/^\.\//, '').replace(/\.d\.ts$/, '.ts');
    for (const candidate of [
      entry,
      entry.replace(BUILD_FOLDERS, 'src/'),
      entry.replace(BUILD_FOLDERS, ''),
    ]) {
      const file = graph.resolvePath(candidate.replace(/\/$/, ''));
      if (file) return file;
    }
  }
  return null;
}

/** Conditions read in `exports`, besides Node's own: a source condition points at the code. */
const CONDITIONS = ['source', 'types'];

/**
 * The repository file that `import … from '<name>/<subpath>'` reaches: through package.json's
 * `exports` map (resolve.exports, as Node reads it, for import and require alike), else the
 * subpath as a path in the package; null when neither reaches a file of the repository.
 */
export function subpathFile(
  entry: PackageEntry,
  specifier: string,
  graph: ModuleGraph,
): string | null {
  if (!entry.name || !specifier.startsWith(`${entry.name}/`)) return null;
  const subpath = `.${specifier.slice(entry.name.length)}`;
  if (entry.exports && typeof entry.exports === 'object' && !Array.isArray(entry.exports)) {
    const manifest = { name: entry.name, exports: entry.exports };
    const targets = [false, true].flatMap((require) => {
      try {
        return resolveExports(manifest, subpath, { require, conditions: CONDITIONS }) ?? [];
      } catch {
        // Not exported under that condition: another may export it.
        return [];
      }
    });
    return sourceFile(targets, graph);
  }
  // No exports map: Node reads the subpath as a path in the package. Its sources may sit in
  // src/ or beside the built entry; the entry itself serves when nothing else does.
  const main = entry.entryFile ? path.posix.dirname(entry.entryFile) : '.';
  return (
    sourceFile([subpath, `./src/${subpath.slice(2)}`, `./${main}/${subpath.slice(2)}`], graph) ??
    entry.entryFile
  );
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
