import { readdirSync, type Dirent } from 'node:fs';
import path from 'node:path';

/** What vite, vitest and babel write into node_modules while they run. */
export const TOOL_CACHES = ['.vite-temp', '.vite', '.cache'];

/** How deep workspace packages are looked for: `packages/*`, `packages/group/*`. */
const WORKSPACE_DEPTH = 3;

/**
 * The folders below an installed tree (relative, forward slashes) that hold a package with a
 * node_modules of its own: the packages of a workspace, as its manager installed them.
 */
export function packagesWithModules(tree: string): string[] {
  const found: string[] = [];
  const visit = (relative: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(tree, relative), { withFileTypes: true });
    } catch {
      return;
    }
    const names = new Set(entries.map((e) => e.name));
    if (relative && names.has('node_modules') && names.has('package.json')) found.push(relative);
    if (depth === WORKSPACE_DEPTH) return;
    for (const entry of entries)
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
        visit(path.posix.join(relative, entry.name), depth + 1);
  };
  visit('', 0);
  return found;
}
