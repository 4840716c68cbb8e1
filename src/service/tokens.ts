/** Nest injection tokens of the service's own values. */
export const SERVICE_CONFIG = Symbol('ServiceConfig');
export const ATTEST_CONFIG = Symbol('AttestConfig');
export const JOB_STORE = Symbol('JobStore');
export const GENERATE_QUEUE = 'attest-generate';
export const VERIFY_QUEUE = 'attest-verify';
export const REDIS = Symbol('Redis');
