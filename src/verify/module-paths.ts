import path from 'node:path';
import { readTsconfig } from './tsconfig';

/**
 * Jest's moduleNameMapper for a repository's tsconfig `paths` (`@app/*` → `src/app/*`), so
 * that a test imports through the same aliases as the code does, wherever the config that
 * declares them sits in the `extends` chain.
 */
export function moduleNameMapper(workspace: string): Record<string, string[]> {
  const { options, pathsBase } = readTsconfig(workspace);
  if (!options.paths || !pathsBase) return {};
  const mapper: Record<string, string[]> = {};
  for (const [alias, targets] of Object.entries(options.paths)) {
    const pattern = `^${alias.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '(.*)')}$`;
    mapper[pattern] = targets.map((target) => path.join(pathsBase, target).replace('*', '$1'));
  }
  return mapper;
}
