/** Where a command writes: results to stdout, progress and errors to stderr. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Pretty JSON for --json: one document on stdout, nothing else. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
