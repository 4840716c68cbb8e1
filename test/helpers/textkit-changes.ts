import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Edits a copy of examples/textkit as a change that breaks a stated example: capitalize now
 * lower-cases the rest of the text, so README's `capitalize('hello World')` example, which
 * states 'Hello World', gets 'Hello world'. `append` is added to src/strings.ts after it.
 */
export function breakCapitalize(repo: string, append = ''): void {
  const strings = path.join(repo, 'src', 'strings.ts');
  writeFileSync(
    strings,
    readFileSync(strings, 'utf8').replace(
      'text[0]!.toUpperCase() + text.slice(1)',
      'text[0]!.toUpperCase() + text.slice(1).toLowerCase()',
    ) + append,
  );
}
