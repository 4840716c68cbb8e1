#!/usr/bin/env node
'use strict';
// The CLI runs from the compiled output, built first when it is missing or stale.
const { join } = require('node:path');
const { buildIfStale, root } = require('./build-if-stale');

if (!buildIfStale()) {
  process.stderr.write(
    `attest: could not build the CLI from its sources. Run \`npm ci\` in ${root} and try again.\n`,
  );
  process.exit(1);
}

require(join(root, 'dist', 'src', 'cli', 'main.js'))
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
