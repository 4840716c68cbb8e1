import { createHash, randomBytes } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';

/** The cookie of a browser's sign-in: an opaque id, never the key itself. */
export const SESSION_COOKIE = 'attest_session';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Browser sign-ins, in Redis under the deployment's namespace: the hash of a session id points
 * at the hash of the key it signed in with. Neither the id nor the key is stored, so a copy of
 * Redis opens no session; a key removed from the configuration ends its sessions at once.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    readonly ttlSeconds: number,
  ) {}

  private redisKey(id: string): string {
    return `${this.namespace}:session:${sha256(id)}`;
  }

  /** A new session for `key`: its id, for the cookie. */
  async open(key: string): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.redis.set(this.redisKey(id), sha256(key), 'EX', this.ttlSeconds);
    return id;
  }

  /** The configured key the session signed in with, or null when it has ended. */
  async signedInKey(id: string, keys: string[]): Promise<string | null> {
    const hash = await this.redis.get(this.redisKey(id));
    return hash ? (keys.find((key) => sha256(key) === hash) ?? null) : null;
  }

  async close(id: string): Promise<void> {
    await this.redis.del(this.redisKey(id));
  }
}

/** The session id a request's cookie carries, if any. */
export function sessionId(request: Request): string | undefined {
  const header = request.headers.cookie;
  return header ? parseCookie(header)[SESSION_COOKIE] : undefined;
}

/** The Set-Cookie of a new session, or of its end (`id` null). */
export function sessionCookie(request: Request, id: string | null, ttlSeconds: number): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: id ?? '',
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: request.secure,
    maxAge: id ? ttlSeconds : 0,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A request with a session cookie and no Authorization header is authorised as the key its
 * session signed in with, so every route, its tenant rules and rate limit, and the queue board
 * treat a browser as they treat a client with the key. A request that changes something must
 * come from the page's own origin when it says where it comes from (SameSite=Strict already keeps
 * the cookie off other sites' requests).
 */
export function sessionAuthorization(store: SessionStore, keys: () => string[]) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const id = sessionId(request);
    if (!id || request.headers.authorization || !sameOrigin(request)) {
      next();
      return;
    }
    store.signedInKey(id, keys()).then(
      (key) => {
        if (key) request.headers.authorization = `Bearer ${key}`;
        next();
      },
      (error: unknown) => next(error),
    );
  };
}

function sameOrigin(request: Request): boolean {
  const origin = request.headers.origin;
  if (SAFE_METHODS.has(request.method) || !origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
