'use strict';
// A repository's TypeScript settings, as the compiler itself reads them (`extends` chains,
// `paths`, `baseUrl`). Plain CommonJS, because Jest loads a custom resolver without transforming
// it: the one reading that the compile gate (src/verify/tsconfig.ts), the module resolver
// (runtime/paths-resolver.js) and the import lines share.
const path = require('node:path');
const fs = require('node:fs');

let ts = null;
/** TypeScript, loaded the first time a config is read: most resolutions never need it. */
function typescript() {
  return (ts ??= require('typescript'));
}

/** The tsconfig.json nearest to `from`, searched up to `root`; null when there is none inside. */
function nearestTsconfig(root, from) {
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
function readTsconfig(root, from = root) {
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
    compiler.getEmitModuleResolutionKind(options) === compiler.ModuleResolutionKind.Classic
  )
    options.moduleResolution = compiler.ModuleResolutionKind.Bundler;
  // tsc keeps the folder of the config that declared `paths` here when no baseUrl is set.
  const declared = options.pathsBasePath;
  return {
    file,
    options,
    pathsBase: options.paths ? (options.baseUrl ?? declared ?? path.dirname(file)) : null,
  };
}

/**
 * What a bare specifier becomes through `paths`: each target of the most specific matching
 * pattern (the longest prefix, as tsc picks), as absolute paths; empty when none matches.
 */
function mapPaths(config, specifier) {
  const { paths } = config.options;
  if (!paths || !config.pathsBase) return [];
  let best = null;
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
  return best
    ? best.targets.map((t) => path.join(config.pathsBase, t.replace('*', best.captured)))
    : [];
}

module.exports = { nearestTsconfig, readTsconfig, mapPaths };
