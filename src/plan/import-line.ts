import path from 'node:path';
import type { CodeSymbol } from '../core/code-symbol';
import type { ImportLine } from '../core/target';

/**
 * The exact import a test file needs for a symbol: a relative path from the test to the module,
 * named or default as the module exports it (a method is reached through its class).
 */
export function importLineFor(
  symbol: CodeSymbol,
  owner: CodeSymbol | null,
  testFile: string,
): ImportLine {
  const exported = symbol.kind === 'method' ? owner : symbol;
  if (!exported || exported.exported === 'none') {
    throw new Error(`${symbol.id} is not exported: a test cannot import it`);
  }
  let specifier = path.posix
    .relative(path.posix.dirname(testFile), exported.file)
    .replace(/\.(?:[cm]?ts|tsx)$/, '');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  const local = exported.name;
  const statement =
    exported.exported === 'default'
      ? `import ${local} from '${specifier}';`
      : `import { ${local} } from '${specifier}';`;
  return { statement, local };
}
