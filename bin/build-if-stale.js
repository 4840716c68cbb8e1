'use strict';
// Attest runs from its compiled output: the CLI, and the runtime files that test processes
// load (dist/src/runtime). `npm ci` builds it (the prepare script); when it is missing or older
// than the sources (a fresh clone, an edit), this builds it first, so no user step is missing.
// The CLI and Attest's own test run (Jest's globalSetup) both call it.
const { existsSync, statSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.built');

// The lint test's probe files (test/lint/boundaries.test.ts) lie in src/ for a moment: they
// are no source of the CLI, and must not make a run that starts meanwhile rebuild it.
const PROBE = /^attest-lint-probe-/;

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // bench/.corpus holds fetched packages, no source of ours.
    if (PROBE.test(entry.name) || entry.name === '.corpus') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ when it is missing or older than src/ or bench/ (the benchmarks run from dist
 * too); false when the build failed.
 */
function buildIfStale() {
  const entry = join(root, 'dist', 'src', 'cli', 'main.js');
  const newest = Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'bench')));
  if (existsSync(entry) && existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return true;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) return false;
  writeFileSync(stamp, '');
  return true;
}

module.exports = { buildIfStale, root };
