import path from 'node:path';
import type { CodeSymbol } from '../core/code-symbol';
import type { ModuleExports } from './extract-symbols';

const CODE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** The repository's modules: which file a specifier names, and which symbol an exported name reaches. */
export class ModuleGraph {
  private readonly symbolsByFile = new Map<string, CodeSymbol[]>();

  constructor(
    private readonly modules: Map<string, ModuleExports>,
    symbols: CodeSymbol[],
  ) {
    for (const symbol of symbols) {
      const list = this.symbolsByFile.get(symbol.file) ?? [];
      list.push(symbol);
      this.symbolsByFile.set(symbol.file, list);
    }
  }

  /**
   * The repository file a relative specifier names, trying TypeScript's habits: `./x.js` for
   * `./x.ts`, a missing extension, or a folder's index. Null for packages and unknown files.
   */
  resolve(fromFile: string, specifier: string): string | null {
    if (!specifier.startsWith('.')) return null;
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
    return this.resolvePath(joined);
  }

  /** The file a repository-relative path names, with the same extension rules as resolve. */
  resolvePath(joined: string): string | null {
    const stripped = joined.replace(/\.(c|m)?jsx?$/, '');
    const candidates = [
      joined,
      ...CODE_EXTENSIONS.map((ext) => stripped + ext),
      ...CODE_EXTENSIONS.map((ext) => `${joined}/index${ext}`),
    ];
    return candidates.find((c) => this.modules.has(c)) ?? null;
  }

  /** The symbol that `name` (a name or `default`) reaches when imported from `file`. */
  symbolFor(file: string, name: string, seen = new Set<string>()): CodeSymbol | null {
    const key = `${file}\u0000${name}`;
    if (seen.has(key)) return null;
    seen.add(key);
    const mod = this.modules.get(file);
    if (!mod) return null;
    const local = mod.local.get(name);
    if (local !== undefined) return this.localBinding(file, local, mod, seen);
    const re = mod.reexports.find((r) => r.exported === name && r.imported !== '*');
    if (re) {
      const target = this.resolve(file, re.from);
      return target ? this.symbolFor(target, re.imported, seen) : null;
    }
    if (name === 'default') return null;
    for (const star of mod.stars) {
      const target = this.resolve(file, star);
      const found = target ? this.symbolFor(target, name, seen) : null;
      if (found) return found;
    }
    return null;
  }

  /** Every name a module exports, with the symbol each reaches (following barrels). */
  exportsOf(file: string, seen = new Set<string>()): Map<string, CodeSymbol> {
    const out = new Map<string, CodeSymbol>();
    if (seen.has(file)) return out;
    seen.add(file);
    const mod = this.modules.get(file);
    if (!mod) return out;
    for (const star of mod.stars) {
      const target = this.resolve(file, star);
      if (!target) continue;
      for (const [name, symbol] of this.exportsOf(target, seen))
        if (name !== 'default') out.set(name, symbol);
    }
    const names = [
      ...mod.local.keys(),
      ...mod.reexports.filter((r) => r.imported !== '*').map((r) => r.exported),
    ];
    for (const name of names) {
      const symbol = this.symbolFor(file, name);
      if (symbol) out.set(name, symbol);
    }
    return out;
  }

  private localBinding(
    file: string,
    local: string,
    mod: ModuleExports,
    seen: Set<string>,
  ): CodeSymbol | null {
    const own = this.symbolsByFile.get(file)?.find((s) => s.kind !== 'method' && s.name === local);
    if (own) return own;
    // `import { a } from './a'; export { a }`: the binding is an import passed on.
    const imported = mod.imports.get(local);
    if (!imported || imported.imported === '*') return null;
    const target = this.resolve(file, imported.from);
    return target ? this.symbolFor(target, imported.imported, seen) : null;
  }
}

/** Marks symbols that barrels and index files pass on, with the name they are passed on as. */
export function recordReexports(graph: ModuleGraph, modules: Map<string, ModuleExports>): void {
  for (const [file, mod] of modules) {
    if (mod.reexports.length === 0 && mod.stars.length === 0 && !hasImportedExport(mod)) continue;
    for (const [name, symbol] of graph.exportsOf(file)) {
      if (symbol.file === file) continue;
      if (!symbol.reexports.some((r) => r.file === file && r.as === name)) {
        symbol.reexports.push({ file, as: name });
      }
      // `/** … @example … */ export { f } from './f'`: the barrel documents f.
      const doc = mod.reexports.find((r) => r.exported === name && r.doc)?.doc;
      if (doc && !symbol.jsdoc) symbol.jsdoc = doc;
    }
  }
}

function hasImportedExport(mod: ModuleExports): boolean {
  for (const local of mod.local.values()) if (mod.imports.has(local)) return true;
  return false;
}
