import path from 'node:path';
import { parseRepoSource } from '../acquire/repo-source';
import type { AttestConfig } from '../core/attest-config';
import { InvalidRepoError } from '../core/attest-error';
import type { RepoSnapshot } from '../core/repo-snapshot';
import { understandRepo } from '../understand/understand-repo';
import { givenCandidates, type RunnerLimits, type VerifyResult } from '../core/verification';
import { verifyCandidates } from '../verify/verification';
import { withRepository } from './with-repository';
import { workspacePackage } from './workspace-package';

/** A tool's config (vitest.config.ts, eslint.config.js): no test loads it, so no mutant of it counts. */
const TOOL_CONFIG = /(?:^|\/)[^/]+\.config\.[cm]?[jt]s$/;

export interface VerifyRepositoryOptions {
  limits?: Partial<RunnerLimits>;
  /** One package of a workspace: its code and its tests are the suite, not every package's. */
  package?: string;
  /** Run the suite with the mutants even when no test file reaches the added-value gate. */
  measureSuite?: boolean;
}

/**
 * Runs the independent runner on test files that lie inside a local repository; the other test
 * files of the repository are its existing suite.
 */
export async function verifyRepository(
  repo: string,
  testFiles: string[],
  config: AttestConfig,
  options: VerifyRepositoryOptions = {},
): Promise<VerifyResult> {
  const pkg = options.package;
  if (parseRepoSource(repo).kind === 'url') {
    throw new InvalidRepoError(
      `attest verify reads test files inside a local repository: clone ${repo} and pass its folder.`,
    );
  }
  return withRepository({ kind: 'path', path: repo }, config, async (snapshot) => {
    const candidates = testFiles.map((f) => insideRepo(snapshot, f));
    const scope = pkg ? workspacePackage(snapshot, pkg) : undefined;
    const understanding = await understandRepo(snapshot, undefined, scope);
    const tests = new Set(understanding.tests.map((t) => t.file));
    return verifyCandidates(
      {
        root: snapshot.root,
        files: snapshot.files.map((f) => f.path),
        ...(scope ? { package: scope } : {}),
        codeFiles: understanding.parsedFiles
          .map((f) => f.file)
          .filter((f) => !tests.has(f) && !candidates.includes(f) && !TOOL_CONFIG.test(f)),
        // A file the user hands in names no target: its static mutants are tried everywhere.
        candidates: givenCandidates(candidates),
        existingTests: [...tests].filter((f) => !candidates.includes(f)),
        packageName: understanding.entry.name,
        limits: options.limits ?? {},
        ...(options.measureSuite ? { measureSuite: true as const } : {}),
      },
      config.runner,
    );
  });
}

/** The test file's path relative to the repository root, or an error that says it must lie inside. */
function insideRepo(snapshot: RepoSnapshot, file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(snapshot.root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new InvalidRepoError(
      `${file} is not inside ${snapshot.root}: the test files to verify must lie inside the repository.`,
    );
  }
  const normalized = relative.split(path.sep).join('/');
  if (!snapshot.files.some((f) => f.path === normalized)) {
    throw new InvalidRepoError(
      `${file} is not a file of the repository (missing, ignored, binary or over the size limit).`,
    );
  }
  return normalized;
}
