import type { CodeSymbol } from '../../src/core/code-symbol';

/** A symbol for tests: `add` in src/math.ts, exported by name; its id follows file, class and name unless given. */
export function aSymbol(overrides: Partial<CodeSymbol> = {}): CodeSymbol {
  const symbol: Omit<CodeSymbol, 'id'> = {
    name: 'add',
    kind: 'function',
    className: null,
    file: 'src/math.ts',
    line: 1,
    endLine: 3,
    exported: 'named',
    reexports: [],
    signature: 'add(a, b)',
    params: [],
    returnType: null,
    async: false,
    generator: false,
    modifiers: [],
    jsdoc: null,
    ...overrides,
  };
  const label = symbol.className ? `${symbol.className}.${symbol.name}` : symbol.name;
  return {
    id: `${symbol.file}#${label}`,
    ...symbol,
    ...(overrides.id ? { id: overrides.id } : {}),
  };
}
