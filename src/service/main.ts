import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { parseConfig } from '../core/attest-config';
import { ConfigError } from '../core/attest-error';
import { INSTALL_BUBBLEWRAP, isolation } from '../verify/isolation';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { mountQueueBoard } from './queue-board';
import { parseServiceConfig, type Role, ROLES } from './service-config';

/** Builds the service for these roles from the environment; `listen` is the caller's. */
export async function createApp(
  roles: Role[] = [...ROLES],
  env: Record<string, string | undefined> = process.env,
): Promise<INestApplication> {
  const service = parseServiceConfig(env);
  if (roles.includes('runner')) requireSandbox(env);
  const app = await NestFactory.create(
    AppModule.forRoot({ roles, service, attest: parseConfig(env) }),
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.enableShutdownHooks();
  if (roles.includes('api')) {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Attest')
        .setDescription('Submit a repository, poll the job, receive verified tests.')
        .setVersion('1')
        .addBearerAuth()
        .addSecurityRequirements('bearer')
        .build(),
    );
    SwaggerModule.setup('docs', app, document);
    mountQueueBoard(app, service.adminKeys.length > 0 ? service.adminKeys : service.apiKeys);
  }
  return app;
}

/**
 * The runner role runs other people's code: without bubblewrap's sandbox it refuses to start,
 * unless the operator opts out (ATTEST_SANDBOX=off).
 */
function requireSandbox(env: Record<string, string | undefined>): void {
  const contained = isolation(env);
  if (contained.level === 'sandbox' || env.ATTEST_SANDBOX === 'off') return;
  throw new ConfigError(
    `the runner role needs a sandbox for the code it runs, and bubblewrap cannot start here: ${INSTALL_BUBBLEWRAP}, or set ATTEST_SANDBOX=off to run tests unsandboxed (${contained.how}).`,
  );
}

/** Starts the roles on PORT (default 3000); a worker alone still answers /health. */
export async function startService(roles: Role[] = [...ROLES]): Promise<INestApplication> {
  const app = await createApp(roles);
  await app.listen(parseServiceConfig(process.env).port);
  return app;
}

if (require.main === module) {
  startService().catch((error: unknown) => {
    process.stderr.write(
      `attest: the service could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
