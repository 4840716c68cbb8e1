export * from './types';
export { SubscriptionService, SubscriptionNotFound, PERIOD_DAYS } from './subscription-service';
export { EventBus, type Handler } from './event-bus';
export { debounce, retry, type RetryOptions } from './timing';
export { getJson, HttpError, type Fetch } from './http';
export { formatPrice, subtotal, type InvoiceLine } from './invoice';
