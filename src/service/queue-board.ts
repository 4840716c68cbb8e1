import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import { keyRefusal } from './auth/api-key.guard';
import { GENERATE_QUEUE, VERIFY_QUEUE } from './tokens';

/**
 * Bull Board at /queues: it shows every tenant's jobs, so it is behind the admin keys, or behind
 * the API keys of a server that has no admin key (one tenant).
 */
export function mountQueueBoard(app: INestApplication, keys: string[]): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/queues');
  const queues = [GENERATE_QUEUE, VERIFY_QUEUE].map(
    (name) => new BullAdapter(app.get<Queue>(getQueueToken(name))),
  );
  createBullBoard({ queues, serverAdapter: adapter });
  app.use('/queues', (req: Request, res: Response, next: NextFunction) => {
    const refused = keyRefusal(keys, req.headers.authorization);
    if (refused) {
      res.status(401).json({ statusCode: 401, message: refused, error: 'Unauthorized' });
      return;
    }
    next();
  });
  app.use('/queues', adapter.getRouter());
}
