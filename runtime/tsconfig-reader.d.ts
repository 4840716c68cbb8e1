// The types of runtime/tsconfig-reader.js.
import type ts from 'typescript';

/** A repository's TypeScript settings, as the compiler itself reads them. */
export interface RepoTsconfig {
  /** The tsconfig.json that was read, or null when there is none inside the repository. */
  file: string | null;
  options: ts.CompilerOptions;
  /** Where `paths` are resolved from: baseUrl, or the folder of the config that declares them. */
  pathsBase: string | null;
}

export function nearestTsconfig(root: string, from: string): string | null;
export function readTsconfig(root: string, from?: string): RepoTsconfig;
export function mapPaths(config: RepoTsconfig, specifier: string): string[];
