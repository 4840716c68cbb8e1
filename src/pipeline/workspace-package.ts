import path from 'node:path';
import { AttestError } from '../core/attest-error';
import type { RepoSnapshot } from '../core/repo-snapshot';

/**
 * The folder of a workspace package, relative to the repository's root, from what the user
 * typed (`packages/foo`, `./packages/foo/`); an input error naming the packages there are
 * when it holds no package.json.
 */
export function workspacePackage(snapshot: RepoSnapshot, given: string): string {
  const folder = path.posix.normalize(given.replace(/\\/g, '/')).replace(/^\.\/|\/$/g, '');
  const manifests = snapshot.files
    .map((f) => f.path)
    .filter((f) => f.endsWith('/package.json') && !f.includes('node_modules/'))
    .map((f) => f.slice(0, -'/package.json'.length));
  if (folder.startsWith('..') || path.posix.isAbsolute(folder) || !manifests.includes(folder)) {
    const known = manifests.slice(0, 12).join(', ');
    throw new AttestError(
      `--package ${given}: the repository has no package.json at ${folder || 'that path'}. ${
        known
          ? `Give the folder of one of its packages, relative to the root: ${known}${manifests.length > 12 ? ', …' : ''}.`
          : 'It has no workspace packages: leave --package out.'
      }`,
      'input',
    );
  }
  return folder;
}
