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
    const refused = keyRefusal(this.config.apiKeys, request.headers.authorization);
    if (refused) throw new UnauthorizedException(refused);
    return true;
  }
}

/** Why a request's Authorization header is refused, or null when it carries a valid key. */
export function keyRefusal(keys: string[], header: string | undefined): string | null {
  if (keys.length === 0)
    return 'this server has no API key: set ATTEST_API_KEYS (comma-separated) and restart it';
  const given = bearerKey(header);
  if (!given) return 'send an API key: Authorization: Bearer <key>';
  return keys.some((key) => sameSecret(key, given)) ? null : 'the API key is not valid';
}

/** The key of an `Authorization: Bearer <key>` header. */
export function bearerKey(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
