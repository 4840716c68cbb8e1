'use strict';
// Runs a command one process below the runner, so that a test which kills its parent
// (process.kill(process.ppid)) kills this stand-in, not Attest. Exits as the command did.
// The verdict channel (descriptor 3), when the runner gave one, goes down to the command too.
const { spawn } = require('node:child_process');

const [command, ...args] = process.argv.slice(2);
const stdio = process.env.ATTEST_CHANNEL === '3' ? ['inherit', 'inherit', 'inherit', 3] : 'inherit';
const child = spawn(command, args, { stdio });
child.on('error', (error) => {
  process.stderr.write(`attest: could not start ${command}: ${error.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
