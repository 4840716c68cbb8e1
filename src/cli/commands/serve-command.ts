import type { Command } from 'commander';
import { ConfigError } from '../../core/attest-error';
import { ROLES, type Role } from '../../service/roles';
import type { Output } from '../output';

/** `attest serve [--role …]`: the HTTP API, the generate worker and the runner, together or alone. */
export function registerServeCommand(program: Command, output: Output): void {
  program
    .command('serve')
    .description(
      'run the service: the HTTP API, the generate worker and the runner, on Redis (REDIS_URL)',
    )
    .option(
      '--role <roles>',
      `which roles to run, comma-separated: ${ROLES.join(', ')}`,
      ROLES.join(','),
    )
    .action(async (options: { role: string }) => {
      const roles = options.role.split(',').map((r) => r.trim());
      const unknown = roles.filter((r) => !ROLES.includes(r as Role));
      if (unknown.length)
        throw new ConfigError(
          `--role ${unknown.join(',')} is not a role: use ${ROLES.join(', ')}.`,
        );
      const { serveUntilSignalled } = await import('../../service/main.js');
      await serveUntilSignalled(
        roles as Role[],
        async (app) =>
          output.err(`attest: serving ${roles.join(' and ')} on ${await app.getUrl()}`),
        (signal) => output.err(`attest: ${signal}: handing running jobs back, then stopping`),
      );
    });
}
