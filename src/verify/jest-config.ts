import escapeStringRegexp from 'escape-string-regexp';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { DIALECTS } from '../core/dialects/dialects';
import { runtimeFile } from './attest-root';
import type { JestRunOptions } from './jest-run';

// The configuration of a Jest run of Attest's: its environment, reporter and shims, the
// transform, and which installed packages it transforms.

/**
 * Attest's Jest environment, resolved from Attest's own install: the compiled file beside this
 * one, or, when Attest runs from its TypeScript sources (its own tests), the source, which
 * Jest transpiles with the run's transform.
 */
const ENVIRONMENT = path.join(__dirname, 'mutation', `jest-environment${path.extname(__filename)}`);

/**
 * What every dialect maps under this Jest (its API's module, such as 'vitest', on a shim of
 * it over Jest's globals) and the setup files it needs (mocha's globals, chai's assertions
 * counted). A run serves any dialect's files, so every dialect's are in every run.
 */
const DIALECT_MODULES = Object.fromEntries(
  DIALECTS.flatMap((d) =>
    d.onJest.module
      ? [[`^${escapeStringRegexp(d.onJest.module.name)}$`, runtimeFile(d.onJest.module.shim)]]
      : [],
  ),
);
const DIALECT_SETUP = [
  ...new Set(DIALECTS.flatMap((d) => d.onJest.setupFiles ?? []).map(runtimeFile)),
];

/** Attest's reporter, which sends the results over the verdict channel. */
const VERDICT_REPORTER = runtimeFile('verdict-reporter');

/** Jest's resolver for tsconfig `paths`, per the tsconfig nearest to the importing file. */
const PATHS_RESOLVER = runtimeFile('paths-resolver');

export function jestConfig(options: JestRunOptions, scratch: string): Record<string, unknown> {
  return {
    rootDir: options.workspace,
    roots: [options.workspace],
    testEnvironment: ENVIRONMENT,
    // The results go over the verdict channel alone: no file that a test could rewrite.
    reporters: [VERDICT_REPORTER],
    // Tests written for any dialect run here: mocha's global names, chai's assertions counted.
    setupFilesAfterEnv: DIALECT_SETUP,
    // Any file given is a test; with coverage, only those, since Jest never covers a file that
    // its testRegex matches.
    testRegex: options.coverage
      ? options.files.map((f) => `${escapeStringRegexp(path.join(options.workspace, f))}$`)
      : '.*',
    testPathIgnorePatterns: ['/node_modules/'],
    // Jest loads node_modules as CommonJS; an ES-module-only dependency is transformed too.
    transformIgnorePatterns: [transformIgnorePattern(options.workspace)],
    transform: {
      '^.+\\.[cm]?[tj]sx?$': [
        require.resolve('@swc/jest'),
        {
          jsc: { parser: { syntax: 'typescript', tsx: true, decorators: true }, target: 'es2022' },
          module: { type: 'commonjs' },
        },
      ],
    },
    // tsconfig `paths`, read from the config nearest to the importing file (a monorepo's
    // packages each keep their own).
    resolver: PATHS_RESOLVER,
    moduleFileExtensions: ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'json', 'node'],
    moduleNameMapper: {
      // A repository written for vitest runs under this Jest: 'vitest' is its API on Jest's.
      ...DIALECT_MODULES,
      // TypeScript written for ES modules imports `./x.js` where the file is `x.ts`; the
      // compiler resolves that, Jest does not. Without the extension, Jest tries .ts first
      // and still finds a real x.js.
      '^(\\.{1,2}/.*)\\.js$': '$1',
    },
    // Given, it is shared by the runs in one workspace (pass, stable, mutation), so that each
    // does not transform the repository anew; else it goes with this run's scratch folder.
    cacheDirectory: options.cacheDirectory ?? path.join(scratch, 'cache'),
    ...(options.coverage
      ? {
          collectCoverage: true,
          ...(Array.isArray(options.coverage)
            ? { collectCoverageFrom: options.coverage.map((f) => escapeGlob(f)) }
            : {}),
          coverageProvider: 'v8',
          // The coverage reaches the runner with the results, not as a file.
          coverageReporters: [],
          coverageDirectory: path.join(scratch, 'coverage'),
        }
      : {}),
    testTimeout: options.testTimeoutMs,
    injectGlobals: true,
  };
}

/**
 * node_modules is not transformed, but for the packages there that are ES modules
 * (`"type": "module"`), which Jest could not load otherwise; in npm's layout and in pnpm's
 * (`node_modules/.pnpm/<id>/node_modules/<name>`).
 */
function transformIgnorePattern(workspace: string): string {
  const esm = esmPackages(path.join(workspace, 'node_modules'));
  // An .mjs file is an ES module whatever its package says.
  const mjs = '(?!.*\\.mjs$)';
  if (esm.length === 0) return `/node_modules/${mjs}`;
  const names = esm.map(escapeStringRegexp).join('|');
  return `/node_modules/(?!(?:\\.pnpm/[^/]+/node_modules/)?(?:${names})/)${mjs}`;
}

/**
 * The ES module packages of each installed node_modules, by its real path and the time it last
 * changed: every run of a verification links the same install, so it is read once, not once
 * per Jest run, and a package added since is seen.
 */
const esmByInstall = new Map<string, string[]>();

function esmPackages(modules: string): string[] {
  let key: string;
  let real: string;
  try {
    real = realpathSync(modules);
    key = `${real}@${statSync(real).mtimeMs}`;
  } catch {
    return [];
  }
  let found = esmByInstall.get(key);
  if (!found) esmByInstall.set(key, (found = scanEsmPackages(real)));
  return found;
}

/**
 * The packages of a node_modules folder whose package.json says `"type": "module"`: its
 * top-level ones, and under pnpm every package of its store (`.pnpm/<id>/node_modules/<name>`),
 * where the dependencies of dependencies and of workspace packages are.
 */
function scanEsmPackages(modules: string): string[] {
  const store = path.join(modules, '.pnpm');
  const stored = safeReaddir(store).flatMap((id) =>
    id === 'node_modules' ? [] : packagesIn(path.join(store, id, 'node_modules')),
  );
  return [...new Set([...packagesIn(modules), ...stored])];
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The ES-module packages directly inside one node_modules folder, by name. */
function packagesIn(modules: string): string[] {
  const entries = safeReaddir(modules);
  const names = entries.flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    if (!entry.startsWith('@')) return [entry];
    return safeReaddir(path.join(modules, entry)).map((inner) => `${entry}/${inner}`);
  });
  return names.filter((name) => {
    try {
      const pkg = JSON.parse(readFileSync(path.join(modules, name, 'package.json'), 'utf8')) as {
        type?: unknown;
      };
      return pkg.type === 'module';
    } catch {
      return false;
    }
  });
}

function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!+@]/g, '\\$&');
}
