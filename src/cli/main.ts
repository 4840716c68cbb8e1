import { Command, CommanderError } from 'commander';
import { AttestError } from '../core/attest-error';
import type { AttestConfig } from '../core/attest-config';
import { registerIndexCommand } from './commands/index-command';
import { registerRunCommand } from './commands/run-command';
import { registerSearchCommand } from './commands/search-command';
import { registerServeCommand } from './commands/serve-command';
import { registerSymbolsCommand } from './commands/symbols-command';
import { registerSuiteCommand } from './commands/suite-command';
import { registerVerifyCommand } from './commands/verify-command';
import { processOutput, type Output } from './output';

const VERSION = '0.1.0';

/**
 * Builds the `attest` program; configuration is parsed once, when a command first needs it.
 * Each command imports the pipeline (or the service) when it runs, not here: LangChain,
 * Octokit, Nest and tree-sitter cost a second and 100 MB of start-up that `attest --version`
 * and `--help` should not pay.
 */
export function buildProgram(env: Record<string, string | undefined>, output: Output): Command {
  // zod and the settings' schemas load with the first command that needs them, too.
  let config: Promise<AttestConfig> | undefined;
  const settings = () =>
    (config ??= import('../core/attest-config.js').then(({ parseConfig }) => parseConfig(env)));
  const program = new Command()
    .name('attest')
    .description(
      'Writes unit tests a team can trust: grounded in the requirements, verified by an independent gate.',
    )
    .version(VERSION)
    .showHelpAfterError('(run attest --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.trimEnd()),
      writeErr: (text) => output.err(text.trimEnd()),
      outputError: (text, write) => write(text.replace(/^error: /, 'attest: ')),
    });
  registerSymbolsCommand(program, settings, output);
  registerIndexCommand(program, settings, output);
  registerSearchCommand(program, settings, output);
  registerVerifyCommand(program, settings, output);
  registerSuiteCommand(program, settings, output);
  registerRunCommand(program, settings, output, env);
  registerServeCommand(program, output);
  return program;
}

/** Runs the CLI and returns its exit code: 0 on success, 1 on a user error, 2 on usage, 70 on a bug. */
export async function runCli(
  argv: string[],
  env = process.env,
  output: Output = processOutput,
): Promise<number> {
  const program = buildProgram(env, output);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof AttestError) {
      output.err(`attest: ${error.message}`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    output.err(
      `attest: unexpected failure: ${message}. Set ATTEST_DEBUG=1 to see where it happened.`,
    );
    if (env.ATTEST_DEBUG && error instanceof Error) output.err(error.stack ?? '');
    return 70;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
