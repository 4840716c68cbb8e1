import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { attestRoot } from '../verify/attest-root';

/** Where `npm run build` puts the job page (ui/, built by Vite). */
export function jobPageDir(): string {
  return path.join(attestRoot(), 'dist', 'ui');
}

/**
 * The job page at /: static files, no CDN, so it works offline. Its assets carry their content
 * hash in their names and are cached for good; index.html is asked for again each time. The page
 * may load only its own scripts and styles, and talk only to this server.
 */
export function mountJobPage(app: INestApplication): void {
  const dir = jobPageDir();
  const policy =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  (app as NestExpressApplication).useStaticAssets(dir, {
    index: 'index.html',
    setHeaders: (res: ServerResponse, file: string) => {
      if (path.basename(file) === 'index.html') {
        res.setHeader('Cache-Control', 'no-cache');
        res.setHeader('Content-Security-Policy', policy);
      } else res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  app.use('/', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path !== '/' || existsSync(path.join(dir, 'index.html'))) {
      next();
      return;
    }
    res
      .status(503)
      .type('text/plain')
      .send(`attest: the job page is not built (${dir} is missing): run npm run build.\n`);
  });
}
