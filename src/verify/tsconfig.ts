import path from 'node:path';
import { attestRoot } from './attest-root';
import type * as Reader from '../../runtime/tsconfig-reader';

export type { RepoTsconfig } from '../../runtime/tsconfig-reader';

/**
 * The tsconfig reading that the compile gate, Jest's resolver and the import lines share
 * (runtime/tsconfig-reader.js): through the TypeScript API, nearest to a file, never outside
 * the repository.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reader = require(path.join(attestRoot(), 'runtime', 'tsconfig-reader.js')) as typeof Reader;

export const { readTsconfig, nearestTsconfig } = reader;

/** Jest's resolver for `paths`, per the tsconfig nearest to the importing file. */
export const PATHS_RESOLVER = path.join(attestRoot(), 'runtime', 'paths-resolver.js');
