import { Controller, Get } from '@nestjs/common';

/** Liveness of the API process; issue 5 adds Redis and data-directory checks through terminus. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
