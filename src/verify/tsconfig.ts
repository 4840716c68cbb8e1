import path from 'node:path';
import ts from 'typescript';

/** A repository's TypeScript settings, as the compiler itself reads them. */
export interface RepoTsconfig {
  /** The tsconfig.json that was read, or null when the repository has none. */
  file: string | null;
  options: ts.CompilerOptions;
  /** Where `paths` are resolved from: baseUrl, or the folder of the config that declares them. */
  pathsBase: string | null;
}

/**
 * Reads the tsconfig.json at a repository's root through the TypeScript API, so `extends`
 * chains, `paths` and `baseUrl` mean what they mean to tsc. The one reading that the compile
 * gate and the module mapper share. A config outside the repository never counts.
 */
export function readTsconfig(root: string): RepoTsconfig {
  const file = ts.findConfigFile(root, (f) => ts.sys.fileExists(f), 'tsconfig.json');
  if (!file || !file.startsWith(root + path.sep))
    return { file: null, options: {}, pathsBase: null };
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, path.dirname(file));
  const options = parsed.options;
  // tsc keeps the folder of the config that declared `paths` here when no baseUrl is set.
  const declared = (options as { pathsBasePath?: string }).pathsBasePath;
  return {
    file,
    options,
    pathsBase: options.paths ? (options.baseUrl ?? declared ?? path.dirname(file)) : null,
  };
}
