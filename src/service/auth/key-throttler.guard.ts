import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Rate limits per API key (per address for requests without one). */
@Injectable()
export class KeyThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const headers = request.headers as Record<string, string | undefined>;
    const key = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    return Promise.resolve(key ? `key:${key}` : `ip:${String(request.ip)}`);
  }
}
