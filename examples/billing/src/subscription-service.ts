import type { Clock, Notifier, Plan, Subscription, SubscriptionStore } from './types';

const DAY_MS = 86_400_000;

/** How many days one period of each plan lasts. */
export const PERIOD_DAYS: Record<Plan, number> = { monthly: 30, yearly: 365 };

/** Thrown when an id names no subscription. */
export class SubscriptionNotFound extends Error {
  constructor(readonly id: string) {
    super(`no subscription ${id}`);
    this.name = 'SubscriptionNotFound';
  }
}

/** Renews, cancels and reminds subscriptions; keeps them in a store and tells their owners. */
export class SubscriptionService {
  constructor(
    private readonly store: SubscriptionStore,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  /**
   * Renews a subscription for one more period, counted from now: it is stored with its new
   * dates, and its owner is told it was renewed. A cancelled subscription cannot be renewed.
   */
  async renew(id: string): Promise<Subscription> {
    const subscription = await this.find(id);
    if (subscription.cancelled) throw new Error(`subscription ${id} is cancelled`);
    const now = this.clock.now();
    const renewed: Subscription = {
      ...subscription,
      renewedAt: now,
      expiresAt: new Date(now.getTime() + PERIOD_DAYS[subscription.plan] * DAY_MS),
    };
    await this.store.put(renewed);
    await this.notifier.notify(subscription.owner, 'renewed');
    return renewed;
  }

  /** Cancels a subscription: it is stored as cancelled and its owner is told, once. */
  async cancel(id: string): Promise<Subscription> {
    const subscription = await this.find(id);
    if (subscription.cancelled) return subscription;
    const cancelled = { ...subscription, cancelled: true };
    await this.store.put(cancelled);
    await this.notifier.notify(subscription.owner, 'cancelled');
    return cancelled;
  }

  /**
   * Tells the owner of each live subscription that ends within `days` days that it is
   * expiring, and returns how many were told. Cancelled, unknown and expired ones are skipped.
   */
  async remindExpiring(ids: string[], days = 7): Promise<number> {
    let reminded = 0;
    for (const id of ids) {
      const subscription = await this.store.load(id);
      if (!subscription || subscription.cancelled) continue;
      const left = (subscription.expiresAt.getTime() - this.clock.now().getTime()) / DAY_MS;
      if (left >= 0 && left <= days) {
        await this.notifier.notify(subscription.owner, 'expiring');
        reminded += 1;
      }
    }
    return reminded;
  }

  private async find(id: string): Promise<Subscription> {
    const subscription = await this.store.load(id);
    if (!subscription) throw new SubscriptionNotFound(id);
    return subscription;
  }
}
