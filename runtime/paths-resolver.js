'use strict';
// Jest's resolver for the runner: a bare specifier that the tsconfig nearest to the importing
// file maps through `paths` resolves there, so that each package of a monorepo keeps its own
// aliases; everything else goes to Jest's own resolver.
const path = require('node:path');
const { nearestTsconfig, readTsconfig, mapPaths } = require('./tsconfig-reader');

/** Per tsconfig.json file, its reading; per folder, its nearest tsconfig.json. */
const configs = new Map();
const nearest = new Map();

function configFor(root, dir) {
  if (!nearest.has(dir)) nearest.set(dir, nearestTsconfig(root, dir));
  const file = nearest.get(dir);
  if (!file) return null;
  if (!configs.has(file)) configs.set(file, readTsconfig(root, path.dirname(file)));
  return configs.get(file);
}

module.exports = (request, options) => {
  const bare =
    !request.startsWith('.') && !path.isAbsolute(request) && !request.startsWith('node:');
  if (bare && options.basedir && !options.basedir.includes(`${path.sep}node_modules${path.sep}`)) {
    const config = configFor(options.rootDir, options.basedir);
    for (const target of config ? mapPaths(config, request) : []) {
      try {
        return options.defaultResolver(target, options);
      } catch {
        // The next target of the pattern, as tsc tries them in order.
      }
    }
  }
  return options.defaultResolver(request, options);
};
