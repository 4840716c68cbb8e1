import { existsSync } from 'node:fs';
import path from 'node:path';

let found: string | undefined;

/** Attest's own folder (its runtime/ and node_modules), whether running from src/ or dist/src/. */
export function attestRoot(): string {
  if (found) return found;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'runtime', 'isolate.js'))) return (found = dir);
  }
  throw new Error('Attest is installed without its runtime/ folder: reinstall it with npm ci.');
}
