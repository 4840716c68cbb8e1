/** Nest injection tokens of the service's own values. */
export const SERVICE_CONFIG = Symbol('ServiceConfig');
export const ATTEST_CONFIG = Symbol('AttestConfig');
export const JOB_STORE = Symbol('JobStore');
export const GENERATE_QUEUE = 'attest-generate';
export const VERIFY_QUEUE = 'attest-verify';
/** Bull's prefix in a deployment's namespace: `attest-bull` for the default, as before namespaces. */
export const bullPrefix = (namespace: string) => `${namespace}-bull`;
export const REDIS = Symbol('Redis');
export const SESSION_STORE = Symbol('SessionStore');
