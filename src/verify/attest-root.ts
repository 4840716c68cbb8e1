import { existsSync } from 'node:fs';
import path from 'node:path';

let found: string | undefined;

/** Attest's own folder (its bin/, dist/ and node_modules), whether running from src/ or dist/src/. */
export function attestRoot(): string {
  if (found) return found;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin', 'attest.js'))) return (found = dir);
  }
  throw new Error('Attest is installed without its bin/ folder: reinstall it with npm ci.');
}

/**
 * A file of Attest's runtime (src/runtime), compiled: what test processes load as it is (the
 * stand-in, Jest's reporter and resolver, the dialects' shims). Attest's own tests run from the
 * TypeScript sources, but these always load from dist/, which the CLI and the tests' global
 * setup build when it is stale.
 */
export function runtimeFile(name: string): string {
  return compiledFile(`runtime/${name}`);
}

/** A module of Attest's, compiled (`verify/mutation/vitest-driver`): for Node to run as it is. */
export function compiledFile(module: string): string {
  return path.join(attestRoot(), 'dist', 'src', `${module}.js`);
}

/** The TypeScript source of a runtime file: its types, for the compile gate. */
export function runtimeSource(name: string): string {
  return path.join(attestRoot(), 'src', 'runtime', `${name}.ts`);
}
