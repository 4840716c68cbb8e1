import picomatch from 'picomatch';
import type { CodeSymbol } from '../core/code-symbol';
import { ConfigError } from '../core/attest-error';

/** A symbol that tests can reach, with the class a method is reached through. */
export interface Reachable {
  symbol: CodeSymbol;
  owner: CodeSymbol | null;
  label: string;
}

/**
 * The targets: exported functions and classes, and the public methods of exported classes,
 * filtered by `patterns`. A pattern matches a file path (`src/**`), a name or `Class.method`
 * (`slug*`, `Stack.*`) or a symbol id; one that starts with `!` excludes. With no include
 * pattern, everything not excluded is a target.
 */
export function selectTargets(symbols: CodeSymbol[], patterns: string[] = []): Reachable[] {
  const includes = patterns.filter((p) => !p.startsWith('!')).map(matcher);
  const excludes = patterns.filter((p) => p.startsWith('!')).map((p) => matcher(p.slice(1)));
  // A method's owner is its class, or the function it is a property of (`pluralize.plural`).
  const owners = new Map(
    symbols.filter((s) => s.kind !== 'method').map((s) => [`${s.file}#${s.name}`, s]),
  );
  const reachable: Reachable[] = [];
  for (const symbol of symbols) {
    const owner =
      symbol.kind === 'method' ? (owners.get(`${symbol.file}#${symbol.className}`) ?? null) : null;
    if (!isReachable(symbol, owner)) continue;
    const label = symbol.className ? `${symbol.className}.${symbol.name}` : symbol.name;
    const keys = [symbol.file, label, symbol.id];
    if (includes.length && !includes.some((m) => keys.some((k) => m(k)))) continue;
    if (excludes.some((m) => keys.some((k) => m(k)))) continue;
    reachable.push({ symbol, owner, label });
  }
  return reachable;
}

function isReachable(symbol: CodeSymbol, owner: CodeSymbol | null): boolean {
  if (symbol.kind !== 'method') return symbol.exported !== 'none';
  return (
    owner !== null &&
    owner.exported !== 'none' &&
    symbol.name !== 'constructor' &&
    !symbol.modifiers.some((m) => m === 'private' || m === 'protected')
  );
}

function matcher(pattern: string): (key: string) => boolean {
  if (!pattern.trim())
    throw new ConfigError('an empty --targets pattern: give a glob, a name or `!` and a glob.');
  return picomatch(pattern, { dot: true });
}
