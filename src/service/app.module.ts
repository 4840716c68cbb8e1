import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** The HTTP API. Controllers parse and delegate; the pipeline knows nothing of Nest. */
@Module({ controllers: [HealthController] })
export class AppModule {}
