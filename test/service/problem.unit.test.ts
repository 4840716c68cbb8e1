import 'reflect-metadata';
import type { Server } from 'node:http';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import request from 'supertest';
import { InvalidRepoError } from '../../src/core/attest-error';
import { ProblemDetailsFilter } from '../../src/service/problem';

@Controller('fails')
class FailingController {
  @Get('internal')
  internal(): never {
    throw new Error('ENOENT: /srv/attest/data/tenant-a/secret.json');
  }

  @Get('attest')
  attest(): never {
    throw new InvalidRepoError('the ref v9 does not exist in the repository');
  }
}

@Module({
  controllers: [FailingController],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
})
class FailingModule {}

describe(ProblemDetailsFilter.name, () => {
  let app: INestApplication;
  const logged: string[] = [];

  beforeAll(async () => {
    app = await NestFactory.create(FailingModule, {
      logger: { log() {}, warn() {}, error: (m: unknown) => logged.push(String(m)) } as never,
    });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app.close());

  it('answers an unexpected error as a 500 problem whose details stay in the log', async () => {
    const response = await request(app.getHttpServer() as Server)
      .get('/fails/internal')
      .expect(500)
      .expect('Content-Type', /^application\/problem\+json/);
    expect(response.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'the service failed on this request; its log has the details',
      instance: '/fails/internal',
    });
    expect(JSON.stringify(response.body)).not.toContain('secret');
    expect(logged.join('\n')).toContain('/srv/attest/data/tenant-a/secret.json');
  });

  it("answers Attest's own errors by their kind, with their message", async () => {
    const response = await request(app.getHttpServer() as Server)
      .get('/fails/attest')
      .expect(400);
    expect(response.body).toMatchObject({
      status: 400,
      detail: 'the ref v9 does not exist in the repository',
    });
  });
});
