'use strict';
// Attest runs from its compiled output: the CLI, the runtime files that test processes
// load (dist/src/runtime), and the job page (dist/ui, built by Vite from ui/). `npm ci` builds it (the prepare script); when it is missing or older
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

/** Runs a tool of node_modules with Node; true when it succeeded. */
function run(tool, args) {
  const built = spawnSync(process.execPath, [join(root, 'node_modules', ...tool), ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: root,
  });
  return built.status === 0;
}

/**
 * Builds dist/ when it is missing or older than src/, bench/ (the benchmarks run from dist
 * too) or ui/; false when the build failed. An install without Vite (`npm prune --omit=dev`, as
 * in the Docker image) keeps the page it was built with.
 */
function buildIfStale() {
  const entry = join(root, 'dist', 'src', 'cli', 'main.js');
  const newest = Math.max(
    newestSource(join(root, 'src')),
    newestSource(join(root, 'bench')),
    newestSource(join(root, 'ui')),
  );
  if (existsSync(entry) && existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return true;
  if (!run(['typescript', 'bin', 'tsc'], ['-p', join(root, 'tsconfig.build.json')])) return false;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (existsSync(vite) && !run(['vite', 'bin', 'vite.js'], ['build', '-c', 'ui/vite.config.mts']))
    return false;
  writeFileSync(stamp, '');
  return true;
}

module.exports = { buildIfStale, root };
