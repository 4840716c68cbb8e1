export type Plan = 'monthly' | 'yearly';

/** A customer's subscription, as the store keeps it. */
export interface Subscription {
  id: string;
  /** Who is told about changes: an e-mail address. */
  owner: string;
  plan: Plan;
  renewedAt: Date | null;
  expiresAt: Date;
  cancelled: boolean;
}

/** Where subscriptions are kept: a database in production, anything in tests. */
export interface SubscriptionStore {
  load(id: string): Promise<Subscription | undefined>;
  put(subscription: Subscription): Promise<void>;
}

export type Notice = 'renewed' | 'cancelled' | 'expiring';

/** Tells an owner about a change to their subscription. */
export interface Notifier {
  notify(owner: string, notice: Notice): Promise<void>;
}

/** The time, injected so that it can be fixed. */
export interface Clock {
  now(): Date;
}
