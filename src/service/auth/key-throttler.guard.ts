import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { bearerKey } from './api-key.guard';

/** Rate limits per API key (per address for requests without one). */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const headers = request.headers as Record<string, string | undefined>;
    const key = bearerKey(headers.authorization);
    return Promise.resolve(key ? `key:${key}` : `ip:${String(request.ip)}`);
  }
}
