/**
 * Where a test came from: tier 0 (the stated examples), a configured model by name, or a file
 * that the user handed to `attest verify`.
 */
export type Origin = 'examples' | 'given' | `model:${string}`;
