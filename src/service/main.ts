import 'reflect-metadata';
import net from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { parseConfig } from '../core/attest-config';
import { ConfigError } from '../core/attest-error';
import { INSTALL_BUBBLEWRAP, isolation } from '../verify/isolation';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { GenerateProcessor } from './jobs/generate.processor';
import { BoundedValidationPipe } from './bounded-body';
import { fieldProblems, InvalidRequest } from './problem';
import { mountQueueBoard } from './queue-board';
import { sessionAuthorization, type SessionStore } from './auth/session';
import { mountJobPage } from './job-page';
import { SESSION_STORE } from './tokens';
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
    // The raw body too: GitHub signs the bytes it sent (the webhook checks them).
    { bufferLogs: true, rawBody: true },
  );
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(
    new BoundedValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new InvalidRequest(fieldProblems(errors)),
    }),
  );
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
    app.use(
      sessionAuthorization(app.get<SessionStore>(SESSION_STORE), () => [
        ...service.apiKeys,
        ...service.adminKeys,
      ]),
    );
    mountJobPage(app);
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

/**
 * Starts the roles on ATTEST_HOST:PORT (127.0.0.1:3000 by default); a worker alone still
 * answers /health. A port that is taken stops the start before any role takes work from the
 * queue, and one that is taken meanwhile closes every role again.
 */
export async function startService(roles: Role[] = [...ROLES]): Promise<INestApplication> {
  const { port, host } = parseServiceConfig(process.env);
  await ensurePortFree(port, host);
  const app = await createApp(roles);
  try {
    await app.listen(port, host);
  } catch (error) {
    await app.close();
    throw isAddressInUse(error) ? portTaken(port, host) : error;
  }
  return app;
}

async function ensurePortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(isAddressInUse(error) ? portTaken(port, host) : error));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

const isAddressInUse = (error: unknown) =>
  (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';

const portTaken = (port: number, host: string) =>
  new ConfigError(
    `port ${port} on ${host} is taken by another process: stop it, or set PORT to a free port.`,
  );

/**
 * The one owner of shutdown: the worker hands its running jobs back to the queue, then every
 * module closes (queues, Redis, the HTTP server).
 */
export async function stopService(app: INestApplication, roles: Role[]): Promise<void> {
  if (roles.includes('worker'))
    await app
      .get(GenerateProcessor, { strict: false })
      .drain(parseServiceConfig(process.env).shutdownGraceMs);
  await app.close();
}

/** Starts the service and runs it until SIGINT or SIGTERM, then stops it cleanly. */
export async function serveUntilSignalled(
  roles: Role[],
  started: (app: INestApplication) => Promise<void> = async () => {},
  stopping: (signal: NodeJS.Signals) => Promise<void> | void = () => {},
): Promise<void> {
  const app = await startService(roles);
  await started(app);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => resolve(name));
  });
  // A second signal while stopping is the operator's insistence: stop at once.
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.once(name, () => process.exit(1));
  await stopping(signal);
  await stopService(app, roles);
}

if (require.main === module) {
  serveUntilSignalled([...ROLES]).catch((error: unknown) => {
    process.stderr.write(
      `attest: the service could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
