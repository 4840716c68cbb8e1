import { findTests } from '../understand/test-structure';
import { SourceParser, languageOf } from '../understand/source-parser';

/**
 * The test file with only the named tests left in it: every other test is cut out with the
 * comment lines right above it (its citation). Returns null when no test is left.
 */
export function keepTests(
  text: string,
  file: string,
  keep: ReadonlySet<string>,
  parser = new SourceParser(),
): string | null {
  const tests = findTests(parser.parse(text, languageOf(file) ?? 'typescript'));
  if (!tests.some((t) => keep.has(t.name))) return null;
  const lines = text.split('\n');
  const cut = new Set<number>();
  for (const test of tests) {
    if (keep.has(test.name)) continue;
    let first = test.line - 1;
    while (first > 0 && /^\s*\/\//.test(lines[first - 1]!)) first -= 1;
    let last = test.endLine;
    // The blank line that separated it from the test before goes with it; for the first test
    // of its block, the one that separated it from the test after.
    if (first > 0 && lines[first - 1]!.trim() === '') first -= 1;
    else if (lines[last]?.trim() === '') last += 1;
    for (let i = first; i < last; i += 1) cut.add(i);
  }
  return lines.filter((_, i) => !cut.has(i)).join('\n');
}
