// Jest's resolver for the runner: a bare specifier that the tsconfig nearest to the importing
// file maps through `paths` resolves there, so that each package of a monorepo keeps its own
// aliases; everything else goes to Jest's own resolver.
import path from 'node:path';
import { mapPaths, nearestTsconfig, readTsconfig, type RepoTsconfig } from './tsconfig-reader';

/** What Jest hands a custom resolver (jest-resolve's ResolverOptions), as far as it is read here. */
interface ResolverOptions {
  basedir: string;
  rootDir: string;
  defaultResolver(request: string, options: ResolverOptions): string;
}

/** Per tsconfig.json file, its reading; per folder, its nearest tsconfig.json. */
const configs = new Map<string, RepoTsconfig>();
const nearest = new Map<string, string | null>();

function configFor(root: string, dir: string): RepoTsconfig | null {
  if (!nearest.has(dir)) nearest.set(dir, nearestTsconfig(root, dir));
  const file = nearest.get(dir);
  if (!file) return null;
  if (!configs.has(file)) configs.set(file, readTsconfig(root, path.dirname(file)));
  return configs.get(file)!;
}

function resolve(request: string, options: ResolverOptions): string {
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
}

export = resolve;
