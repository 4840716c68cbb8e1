// A repository's TypeScript settings, as the compiler itself reads them (`extends` chains,
// `paths`, `baseUrl`): the one reading that the compile gate (verify/tsconfig.ts), the module
// resolver of the runner's Jest (paths-resolver.ts) and the import lines share. It loads only
// Node's modules and TypeScript, since Jest loads a custom resolver as it is.
import fs from 'node:fs';
import path from 'node:path';
import type * as TypeScript from 'typescript';

/** A repository's TypeScript settings, as the compiler itself reads them. */
export interface RepoTsconfig {
  /** The tsconfig.json that was read, or null when there is none inside the repository. */
  file: string | null;
  options: TypeScript.CompilerOptions;
  /** Where `paths` are resolved from: baseUrl, or the folder of the config that declares them. */
  pathsBase: string | null;
}

let ts: typeof TypeScript | null = null;
/** TypeScript, loaded the first time a config is read: most resolutions never need it. */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (ts ??= require('typescript') as typeof TypeScript);
}

/** The tsconfig.json nearest to `from`, searched up to `root`; null when there is none inside. */
export function nearestTsconfig(root: string, from: string): string | null {
  const top = path.resolve(root);
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (dir !== top && !dir.startsWith(top + path.sep)) return null;
    const file = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(file)) return file;
    if (dir === top) return null;
  }
}

/**
 * The settings of the tsconfig.json nearest to `from` (the root by default), inside `root`.
 * A module setting of ES modules with no moduleResolution means Classic to TypeScript 5, which
 * finds nothing in node_modules; TypeScript 6 and the bundlers these repositories use read it
 * as Bundler, and so does this.
 */
export function readTsconfig(root: string, from = root): RepoTsconfig {
  const file = nearestTsconfig(root, from);
  if (!file) return { file: null, options: {}, pathsBase: null };
  const compiler = typescript();
  const read = compiler.readConfigFile(file, (f) => compiler.sys.readFile(f));
  const parsed = compiler.parseJsonConfigFileContent(
    read.config ?? {},
    compiler.sys,
    path.dirname(file),
  );
  const options = { ...parsed.options };
  if (
    options.moduleResolution === undefined &&
    emitResolution(compiler, options) === compiler.ModuleResolutionKind.Classic
  )
    options.moduleResolution = compiler.ModuleResolutionKind.Bundler;
  // tsc keeps the folder of the config that declared `paths` here when no baseUrl is set.
  const declared = options.pathsBasePath as string | undefined;
  return {
    file,
    options,
    pathsBase: options.paths ? (options.baseUrl ?? declared ?? path.dirname(file)) : null,
  };
}

/** The resolution tsc uses for these options: an internal of TypeScript's, not in its types. */
function emitResolution(
  compiler: typeof TypeScript,
  options: TypeScript.CompilerOptions,
): TypeScript.ModuleResolutionKind {
  const internal = compiler as typeof TypeScript & {
    getEmitModuleResolutionKind(o: TypeScript.CompilerOptions): TypeScript.ModuleResolutionKind;
  };
  return internal.getEmitModuleResolutionKind(options);
}

/**
 * What a bare specifier becomes through `paths`: each target of the most specific matching
 * pattern (the longest prefix, as tsc picks), as absolute paths; empty when none matches.
 */
export function mapPaths(config: RepoTsconfig, specifier: string): string[] {
  const { paths } = config.options;
  if (!paths || !config.pathsBase) return [];
  let best: { prefix: string; targets: string[]; captured: string } | null = null;
  for (const [pattern, targets] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    const prefix = star < 0 ? pattern : pattern.slice(0, star);
    const suffix = star < 0 ? '' : pattern.slice(star + 1);
    const matches =
      star < 0
        ? specifier === pattern
        : specifier.length >= prefix.length + suffix.length &&
          specifier.startsWith(prefix) &&
          specifier.endsWith(suffix);
    if (matches && (!best || prefix.length > best.prefix.length))
      best = {
        prefix,
        targets,
        captured: star < 0 ? '' : specifier.slice(prefix.length, specifier.length - suffix.length),
      };
  }
  if (!best) return [];
  const { targets, captured } = best;
  const base = config.pathsBase;
  return targets.map((t) => path.join(base, t.replace('*', captured)));
}
