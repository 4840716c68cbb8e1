import { promises as fs } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isBinaryFile } from 'isbinaryfile';
import type { WalkLimits } from '../core/attest-config';
import type { RepoFile, SkipReason } from '../core/repo-snapshot';

/** Folders that hold dependencies, build output or tool state, never the repository's own source. */
const ALWAYS_SKIPPED = new Set([
  '.git',
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.turbo',
  '.cache',
  '.attest',
  'bower_components',
]);

export interface WalkResult {
  files: RepoFile[];
  skipped: Record<SkipReason, number>;
}

interface WalkState {
  totalBytes: number;
  builtFolders: Set<string>;
}

interface IgnoreScope {
  /** Folder of the .gitignore, relative to the root ('' for the root). */
  base: string;
  rules: Ignore;
}

/** Lists a tree's readable text files in a stable order, honouring .gitignore and the limits. */
export async function walkFiles(root: string, limits: WalkLimits): Promise<WalkResult> {
  const realRoot = await fs.realpath(root);
  const result: WalkResult = {
    files: [],
    skipped: { ignored: 0, binary: 0, 'too-large': 0, 'symlink-outside': 0, limit: 0 },
  };
  const state = { totalBytes: 0, builtFolders: await builtFolders(realRoot) };
  await walkFolder(realRoot, '', [], limits, result, state);
  return result;
}

/**
 * Top-level folders that hold the package's build output: those its package.json entry points
 * (`main`, `module`, `types`, `exports`) lead into, when the sources live in `src/` beside them.
 * Published packages ship both (compare-versions' `lib/`, ramda's `es/`); reading the build
 * would target and mutate every function twice.
 */
async function builtFolders(root: string): Promise<Set<string>> {
  const folders = new Set<string>();
  let manifest: unknown;
  try {
    if (!(await fs.stat(path.join(root, 'src'))).isDirectory()) return folders;
    manifest = JSON.parse(await fs.readFile(path.join(root, 'package.json'), 'utf8'));
  } catch (error) {
    // No src/ or no readable package.json: nothing is known to be built.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return folders;
    throw error;
  }
  const entries = JSON.stringify(
    ['main', 'module', 'types', 'typings', 'exports'].map(
      (key) => (manifest as Record<string, unknown> | null)?.[key],
    ),
  );
  for (const match of entries.matchAll(/"(?:\.\/)?([\w.-]+)\/[^"]*"/g)) {
    if (match[1] !== 'src') folders.add(match[1]!);
  }
  return folders;
}

async function walkFolder(
  realRoot: string,
  rel: string,
  scopes: IgnoreScope[],
  limits: WalkLimits,
  result: WalkResult,
  state: WalkState,
): Promise<void> {
  const abs = path.join(realRoot, rel);
  const entries = (await fs.readdir(abs, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  const here = await readGitignore(abs, rel);
  const active = here ? [...scopes, here] : scopes;
  for (const entry of entries) {
    const childRel = rel ? `${rel}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    if (isDir && ALWAYS_SKIPPED.has(entry.name)) continue;
    if (isDir && !rel && state.builtFolders.has(entry.name)) {
      result.skipped.ignored += 1;
      continue;
    }
    if (entry.isSymbolicLink()) {
      const target = await resolveInside(realRoot, path.join(abs, entry.name));
      if (target === null) {
        result.skipped['symlink-outside'] += 1;
        continue;
      }
      // A link to a folder inside the tree repeats files the walk reads anyway, and may loop.
      if (target.isDirectory()) continue;
      isDir = false;
    } else if (!isDir && !entry.isFile()) {
      continue;
    }
    if (isIgnored(active, childRel, isDir)) {
      result.skipped.ignored += 1;
      continue;
    }
    if (isDir) {
      await walkFolder(realRoot, childRel, active, limits, result, state);
      continue;
    }
    await considerFile(realRoot, childRel, limits, result, state);
  }
}

async function considerFile(
  realRoot: string,
  rel: string,
  limits: WalkLimits,
  result: WalkResult,
  state: WalkState,
): Promise<void> {
  const abs = path.join(realRoot, rel);
  const { size } = await fs.stat(abs);
  if (size > limits.maxFileBytes) {
    result.skipped['too-large'] += 1;
    return;
  }
  if (size > 0 && (await isBinaryFile(abs))) {
    result.skipped.binary += 1;
    return;
  }
  if (result.files.length >= limits.maxFiles || state.totalBytes + size > limits.maxTotalBytes) {
    result.skipped.limit += 1;
    return;
  }
  state.totalBytes += size;
  result.files.push({ path: rel, size });
}

async function readGitignore(abs: string, rel: string): Promise<IgnoreScope | null> {
  try {
    const text = await fs.readFile(path.join(abs, '.gitignore'), 'utf8');
    return { base: rel, rules: ignore().add(text) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function isIgnored(scopes: IgnoreScope[], rel: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const local = scope.base ? rel.slice(scope.base.length + 1) : rel;
    if (scope.rules.ignores(isDir ? `${local}/` : local)) return true;
  }
  return false;
}

/** The link's target when it stays inside the root, else null. */
async function resolveInside(
  realRoot: string,
  link: string,
): Promise<import('node:fs').Stats | null> {
  let target: string;
  try {
    target = await fs.realpath(link);
  } catch (error) {
    // A dangling link points nowhere the walk could read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (target !== realRoot && !target.startsWith(realRoot + path.sep)) return null;
  return fs.stat(target);
}
