import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Jest's moduleNameMapper for a repository's tsconfig `paths` (`@app/*` → `src/app/*`), so
 * that a test imports through the same aliases as the code does.
 */
export function moduleNameMapper(workspace: string): Record<string, string[]> {
  const configPath = path.join(workspace, 'tsconfig.json');
  if (!existsSync(configPath)) return {};
  const read = ts.parseConfigFileTextToJson(configPath, readFileSync(configPath, 'utf8'));
  const options = (
    read.config as
      { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined
  )?.compilerOptions;
  if (!options?.paths) return {};
  const base = path.join(workspace, options.baseUrl ?? '.');
  const mapper: Record<string, string[]> = {};
  for (const [alias, targets] of Object.entries(options.paths)) {
    const pattern = `^${alias.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '(.*)')}$`;
    mapper[pattern] = targets.map((target) => path.join(base, target).replace('*', '$1'));
  }
  return mapper;
}
