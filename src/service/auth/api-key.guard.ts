import { timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { SERVICE_CONFIG } from '../tokens';
import type { ServiceConfig } from '../service-config';

/** Bearer API keys from ATTEST_API_KEYS on every route but /health. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (request.path === '/health') return true;
    if (this.config.apiKeys.length === 0)
      throw new UnauthorizedException(
        'this server has no API key: set ATTEST_API_KEYS (comma-separated) and restart it',
      );
    const header = request.headers.authorization ?? '';
    const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!given) throw new UnauthorizedException('send an API key: Authorization: Bearer <key>');
    if (!this.config.apiKeys.some((key) => sameSecret(key, given)))
      throw new UnauthorizedException('the API key is not valid');
    return true;
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
