// Runs a command one process below the runner, so that a test which kills its parent
// (process.kill(process.ppid)) kills this stand-in, not Attest. Exits as the command did.
// The verdict channel (descriptor 3), when the runner gave one, goes down to the command too.
// An install's sandbox is given the egress proxy's socket (ATTEST_PROXY_SOCKET): the stand-in
// bridges it onto the sandbox's loopback first, and points the command at it.
import { spawn, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import { proxyEnvironment, startBridge } from './proxy-bridge';

const [command, ...args] = process.argv.slice(2);
const stdio: StdioOptions =
  process.env.ATTEST_CHANNEL === '3' ? ['inherit', 'inherit', 'inherit', 3] : 'inherit';

async function main(): Promise<void> {
  if (!command) {
    process.stderr.write('attest: the stand-in was given no command\n');
    process.exit(127);
  }
  const socket = process.env.ATTEST_PROXY_SOCKET;
  const env = { ...process.env };
  delete env.ATTEST_PROXY_SOCKET;
  if (socket) Object.assign(env, proxyEnvironment(await startBridge(socket)));
  const child = spawn(command, args, { stdio, env });
  child.on('error', (error) => {
    process.stderr.write(`attest: could not start ${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (signal) dieOf(signal);
    else process.exit(code ?? 1);
  });
}

/**
 * Ends this stand-in as its command ended. Node ignores SIGXFSZ and SIGPIPE from its start, so
 * raising those here would do nothing: the exit status says which signal it was instead, as a
 * shell's does (128 + the signal's number).
 */
function dieOf(signal: NodeJS.Signals): void {
  if (signal !== 'SIGXFSZ' && signal !== 'SIGPIPE') process.kill(process.pid, signal);
  process.exit(128 + (constants.signals[signal] ?? 0));
}

main().catch((error: Error) => {
  process.stderr.write(`attest: could not reach the registry proxy: ${error.message}\n`);
  process.exit(127);
});
