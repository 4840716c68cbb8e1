import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PackageJson } from './package-manager';

const FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/** A dependency spec that is not a registry range, tag or alias: a path, a git host, a URL. */
const NOT_REGISTRY =
  /^(?:file:|link:|portal:|patch:|workspace:|exec:|git[+:]|github:|gitlab:|bitbucket:|gist:|https?:)|^[\w.-]+\/[\w.-]+(?:#.*)?$/;

/** Lock entries resolved from somewhere else than a registry's integrity-checked tarball. */
const LOCK_ELSEWHERE =
  /(?:resolved|resolution|tarball|version)["':\s]+["{]?[^\n]*?(?:\bfile:|\blink:|\bgit[+:]|github:|codeload\.|\.git#|\bdirectory:|\brepo:|\bportal:|\bpatch:)/;

/**
 * What the install of a repository reads besides registry packages with an integrity hash in
 * its lock, each in words (`package.json: local is file:./local`); empty when there is nothing
 * else. Only an install with nothing else may be shared between repositories by its lock.
 */
export function nonRegistryInputs(
  root: string,
  files: readonly string[],
  pkg: PackageJson,
): string[] {
  const found: string[] = [];
  for (const manifest of files.filter((f) => path.basename(f) === 'package.json'))
    found.push(
      ...localSpecs(manifest, manifest === 'package.json' ? pkg : readJson(root, manifest)),
    );
  if (pkg.workspaces || existsSync(path.join(root, 'pnpm-workspace.yaml')))
    found.push('a workspace');
  for (const hook of ['.pnpmfile.cjs', 'patches', '.yarn/patches'])
    if (existsSync(path.join(root, hook))) found.push(hook);
  const locks = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock'];
  const present = locks.filter((l) => existsSync(path.join(root, l)));
  if (present.length === 0) found.push('no lock file');
  for (const lock of present) {
    const text = readFileSync(path.join(root, lock), 'utf8');
    if (LOCK_ELSEWHERE.test(text)) found.push(`${lock}: a dependency from outside the registry`);
    if (lock.endsWith('.json') && !everyResolvedHasIntegrity(text))
      found.push(`${lock}: a dependency without an integrity hash`);
  }
  return found;
}

function localSpecs(manifest: string, pkg: PackageJson | null): string[] {
  return FIELDS.flatMap((field) =>
    Object.entries((pkg?.[field] ?? {}) as Record<string, unknown>).flatMap(([name, spec]) =>
      typeof spec === 'string' && NOT_REGISTRY.test(spec)
        ? [`${manifest}: ${name} is ${spec}`]
        : [],
    ),
  );
}

function readJson(root: string, file: string): PackageJson | null {
  try {
    return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as PackageJson;
  } catch {
    return null;
  }
}

/** In an npm lock, every package that has a `resolved` URL also has its `integrity`. */
function everyResolvedHasIntegrity(text: string): boolean {
  try {
    const lock = JSON.parse(text) as {
      packages?: Record<string, { resolved?: string; integrity?: string }>;
    };
    return Object.entries(lock.packages ?? {}).every(
      ([key, entry]) => key === '' || !entry.resolved || Boolean(entry.integrity),
    );
  } catch {
    return false;
  }
}
