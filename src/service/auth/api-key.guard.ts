import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SERVICE_CONFIG } from '../tokens';
import type { ServiceConfig } from '../service-config';
import { IS_PUBLIC } from './public';

/**
 * Bearer API keys from ATTEST_API_KEYS (or a browser's session, which stands for its key) on
 * every route but the public ones (/health, signing in).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ])
    )
      return true;
    const refused = keyRefusal(
      [...this.config.apiKeys, ...this.config.adminKeys],
      request.headers.authorization,
    );
    if (refused) throw new UnauthorizedException(refused);
    return true;
  }
}

/** Why a request's Authorization header is refused, or null when it carries a valid key. */
export function keyRefusal(keys: string[], header: string | undefined): string | null {
  if (keys.length === 0)
    return 'this server has no API key: set ATTEST_API_KEYS (comma-separated) and restart it';
  const given = bearerKey(header);
  if (!given)
    return 'send an API key: Authorization: Bearer <key>, or sign in at / (a session cookie)';
  return keys.some((key) => sameSecret(key, given)) ? null : 'the API key is not valid';
}

/** The key of an `Authorization: Bearer <key>` header. */
export function bearerKey(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/**
 * Who asks, as the job store knows them: the hash of their key (never the key itself), and
 * whether it is an admin key, which sees every tenant's jobs.
 */
export interface Viewer {
  owner: string;
  admin: boolean;
}

export function viewerOf(config: ServiceConfig, header: string | undefined): Viewer {
  const key = bearerKey(header) ?? '';
  return {
    owner: createHash('sha256').update(key).digest('hex').slice(0, 32),
    admin: config.adminKeys.some((admin) => sameSecret(admin, key)),
  };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
