import path from 'node:path';
import type { CodeSymbol } from '../core/code-symbol';
import type { ImportLine } from '../core/target';
import type { PackageEntry } from '../understand/package-entry';

/**
 * The exact import a test file needs for a symbol: a relative path from the test to the module,
 * named or default as the module exports it (a method is reached through its class).
 */
export function importLineFor(
  symbol: CodeSymbol,
  owner: CodeSymbol | null,
  testFile: string,
  entry: PackageEntry = { name: null, entryFile: null },
  commonJs = false,
): ImportLine {
  const exported = symbol.kind === 'method' ? owner : symbol;
  if (!exported || exported.exported === 'none') {
    throw new Error(`${symbol.id} is not exported: a test cannot import it`);
  }
  const specifier = specifierFor(exported.file, testFile);
  const local = exported.name;
  const statement =
    exported.exported === 'default'
      ? `import ${local} from '${specifier}';`
      : `import { ${local} } from '${specifier}';`;
  return {
    statement: commonJs ? asRequire(statement) : statement,
    local,
    entrySpecifier: entry.entryFile && specifierFor(entry.entryFile, testFile),
    packageName: entry.name,
  };
}

/**
 * An import as CommonJS writes it, for test files that Node runs as they are (node --test,
 * mocha) in a CommonJS repository: `import { a } from 'x';` → `const { a } = require('x');`.
 * A default import takes the module's exports whole, as `module.exports = f` gives them.
 */
export function asRequire(statement: string): string {
  const match = /^import\s+(?:\*\s+as\s+)?(\{[^}]*\}|[\w$]+)\s+from\s+('[^']*'|"[^"]*");?$/.exec(
    statement.trim(),
  );
  return match ? `const ${match[1]} = require(${match[2]});` : statement;
}

/**
 * Whether a JavaScript module is CommonJS: it assigns module.exports or exports, and has no
 * import or export statement of its own.
 */
export function isCommonJs(file: string, source: string): boolean {
  if (!/\.c?jsx?$/.test(file)) return false;
  return (
    /\bmodule\.exports\b|(?:^|[^.\w])exports\.[\w$]+\s*=/.test(source) &&
    !/^\s*(?:import|export)\s/m.test(source)
  );
}

/** `import type { A, B } from '<module>';`, from a test file to the module that declares them. */
export function typeImportLine(names: string[], file: string, testFile: string): string {
  return `import type { ${[...new Set(names)].sort().join(', ')} } from '${specifierFor(file, testFile)}';`;
}

/** A relative specifier from the test file to a module, without a TypeScript extension. */
function specifierFor(file: string, testFile: string): string {
  const specifier = path.posix
    .relative(path.posix.dirname(testFile), file)
    .replace(/\.(?:[cm]?ts|tsx)$/, '');
  return specifier.startsWith('.') ? specifier : `./${specifier}`;
}
