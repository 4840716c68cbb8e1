/** Which parts of the service a process runs. Apart from the settings, which load zod. */
export type Role = 'api' | 'worker' | 'runner';
export const ROLES: readonly Role[] = ['api', 'worker', 'runner'];
