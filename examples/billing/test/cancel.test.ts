import { SubscriptionService } from '../src/subscription-service';
import type { Subscription } from '../src/types';

const cancelled: Subscription = {
  id: 's-9',
  owner: 'ops@example.com',
  plan: 'monthly',
  renewedAt: null,
  expiresAt: new Date('2026-01-31T00:00:00Z'),
  cancelled: true,
};

describe('SubscriptionService.cancel', () => {
  it('leaves a cancelled subscription alone', async () => {
    const store = { load: jest.fn().mockResolvedValue(cancelled), put: jest.fn() };
    const notifier = { notify: jest.fn() };
    const service = new SubscriptionService(store, notifier, { now: () => new Date() });

    await expect(service.cancel('s-9')).resolves.toBe(cancelled);
    expect(store.put).not.toHaveBeenCalled();
    expect(notifier.notify).not.toHaveBeenCalled();
  });
});
