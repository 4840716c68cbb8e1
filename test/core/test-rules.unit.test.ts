import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GATES } from '../../src/core/verdict';
import { TEST_RULES } from '../../src/core/test-rules';

/** The rows of the README's table whose header row starts with `| rule`. */
function readmeRules(): [string, string][] {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8').split('\n');
  const start = readme.findIndex((l) => /^\|\s*rule\s*\|/.test(l));
  const rows: [string, string][] = [];
  for (const line of readme.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [rule, owner] = line
      .split('|')
      .slice(1, 3)
      .map((c) => c.trim());
    rows.push([rule!, owner!]);
  }
  return rows;
}

describe('the rules a generated test must meet', () => {
  it('are the ones the README lists, each with what enforces it', () => {
    expect(readmeRules()).toEqual(TEST_RULES.map((r) => [r.rule, r.enforcedBy]));
  });

  it('give every gate that judges a test by its text or its runs at least one rule to meet', () => {
    const owners = new Set(TEST_RULES.map((r) => r.enforcedBy));
    for (const gate of GATES) expect([gate, owners.has(gate)]).toEqual([gate, true]);
  });
});
