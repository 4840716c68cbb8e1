import escapeStringRegexp from 'escape-string-regexp';
import type { CodeSymbol } from '../core/code-symbol';
import type { Example, Requirement } from '../core/requirement';
import type { ModuleGraph } from './module-graph';
import { subpathFile, type PackageEntry } from './package-entry';

/** What examples are resolved against: the modules, the symbols, and the package's own name. */
export interface ExampleScope {
  graph: ModuleGraph;
  symbols: CodeSymbol[];
  entry: PackageEntry;
  /** The file of the document the example is in, for relative imports. */
  docFile: string;
}

/**
 * Sets each example's symbolId: through its imports (the package's own name is read as its entry
 * file), then by name among the exported symbols, then, in JSDoc, the documented symbol itself.
 */
export function resolveExamples(
  requirements: Requirement[],
  scope: Omit<ExampleScope, 'docFile'>,
): void {
  const exported = scope.symbols.filter((s) => s.exported !== 'none');
  const byName = new Map<string, CodeSymbol[]>();
  for (const symbol of exported) {
    const key = symbol.kind === 'method' ? `${symbol.className}.${symbol.name}` : symbol.name;
    byName.set(key, [...(byName.get(key) ?? []), symbol]);
  }
  for (const requirement of requirements) {
    const owner = requirement.symbolId
      ? (scope.symbols.find((s) => s.id === requirement.symbolId) ?? null)
      : null;
    for (const example of requirement.examples) {
      const scoped = { ...scope, docFile: requirement.file };
      const subject = [example.callee, ...(example.inner ?? [])]
        .map((callee) => ({
          callee,
          symbol: resolveCallee(callee, example, scoped, byName, owner),
        }))
        .find((s) => s.symbol);
      // `versions.sort(compareVersions)`: the example is about the name it reaches.
      if (subject) example.callee = subject.callee;
      example.symbolId = subject?.symbol?.id ?? null;
    }
  }
}

function resolveCallee(
  callee: string,
  example: Example,
  scope: ExampleScope,
  byName: Map<string, CodeSymbol[]>,
  owner: CodeSymbol | null,
): CodeSymbol | null {
  const factory = madeBy(callee, example.setup);
  const imported = throughImports(callee, example, scope);
  // An import from a subpath (`lib/compat`) names its module: no other function of that name.
  if (imported || fromSubpath(callee, example, scope)) return imported;
  return (
    throughSetup(callee, example, byName) ??
    byExportedName(callee, byName, owner) ??
    (owner && callee.split('.').pop() === owner.name ? owner : null) ??
    (factory ? resolveCallee(factory, example, scope, byName, owner) : null)
  );
}

/**
 * `const es = humanizeDuration.humanizer({ language: 'es' }); es(3000)`: the function that the
 * setup made the callee with, which the example then checks.
 */
function madeBy(callee: string, setup: string[]): string | null {
  if (callee.includes('.')) return null;
  const declared = new RegExp(
    `\\b(?:const|let|var)\\s+${escapeStringRegexp(callee)}\\s*=\\s*(?:await\\s+)?([A-Za-z_$][\\w$.]*)\\s*\\(`,
  );
  for (const line of setup) {
    const made = declared.exec(line)?.[1];
    if (made && made !== callee) return made;
  }
  return null;
}

function fromSubpath(callee: string, example: Example, scope: ExampleScope): boolean {
  const root = callee.split('.')[0];
  const from = example.imports.find((i) => i.local === root)?.from;
  return !!scope.entry.name && !!from && from.startsWith(`${scope.entry.name}/`);
}

function throughImports(callee: string, example: Example, scope: ExampleScope): CodeSymbol | null {
  const [root, ...members] = callee.split('.');
  const binding = example.imports.find((i) => i.local === root);
  if (!binding) return null;
  const file =
    binding.from === scope.entry.name
      ? scope.entry.entryFile
      : binding.from.startsWith(`${scope.entry.name ?? '\u0000'}/`)
        ? subpathFile(scope.entry, binding.from, scope.graph)
        : scope.graph.resolve(scope.docFile, binding.from);
  if (!file) return null;
  if (binding.imported === '*') {
    // `const pkg = require('pkg')`: a direct call is the module's own export; `pkg.x` a member.
    return members.length === 0
      ? scope.graph.symbolFor(file, 'default')
      : (scope.graph.symbolFor(file, members[0]!) ?? methodOfDefault(scope, file, members[0]!));
  }
  const symbol = scope.graph.symbolFor(file, binding.imported);
  if (!symbol || members.length === 0) return symbol;
  return (
    scope.symbols.find(
      (s) => s.kind === 'method' && s.className === symbol.name && s.name === members[0],
    ) ?? symbol
  );
}

/** `pluralize.plural(…)` where `pluralize` is the default export and `plural` is a property of it. */
function methodOfDefault(scope: ExampleScope, file: string, member: string): CodeSymbol | null {
  const main = scope.graph.symbolFor(file, 'default');
  if (!main) return null;
  return (
    scope.symbols.find(
      (s) => s.kind === 'method' && s.className === main.name && s.name === member,
    ) ?? null
  );
}

/** `const s = new Stack(); s.push(1)`: the method of the class that the setup built. */
function throughSetup(
  callee: string,
  example: Example,
  byName: Map<string, CodeSymbol[]>,
): CodeSymbol | null {
  const [root, member] = callee.split('.');
  if (!root || !member) return null;
  for (const line of example.setup) {
    const built = new RegExp(
      `\\b(?:const|let|var)\\s+${escapeStringRegexp(root)}\\s*=\\s*new\\s+([A-Za-z_$][\\w$]*)`,
    ).exec(line);
    if (built?.[1]) return byName.get(`${built[1]}.${member}`)?.[0] ?? null;
  }
  return null;
}

function byExportedName(
  callee: string,
  byName: Map<string, CodeSymbol[]>,
  owner: CodeSymbol | null,
): CodeSymbol | null {
  const parts = callee.split('.');
  const last = parts[parts.length - 1]!;
  const candidates = [
    ...(parts.length >= 2 ? (byName.get(`${parts[parts.length - 2]}.${last}`) ?? []) : []),
    ...(byName.get(last) ?? []),
  ];
  if (candidates.length === 0) return null;
  // Ambiguous names prefer the documented symbol's own file.
  return candidates.find((c) => owner && c.file === owner.file) ?? candidates[0]!;
}
