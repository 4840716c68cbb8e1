import type { EquivalenceRule, NodeMutator, SyntaxNode } from './node-mutator';

/**
 * A subset of Weapon-regeX's level-1 mutations (Stryker's Regex mutator): drop an anchor,
 * negate a character class, swap a predefined class, drop a quantifier. Weapon-regeX itself
 * is an ES module that this CommonJS build cannot load synchronously. A mutant whose pattern
 * no longer compiles is left out.
 */
export const regex: NodeMutator = {
  name: 'Regex',
  nodeTypes: ['regex'],
  mutate(node) {
    const pattern = node.childForFieldName('pattern')?.text ?? '';
    const flags = node.childForFieldName('flags')?.text ?? '';
    const candidates = new Set<string>();
    if (pattern.startsWith('^')) candidates.add(pattern.slice(1));
    if (pattern.endsWith('$') && !pattern.endsWith('\\$')) candidates.add(pattern.slice(0, -1));
    const klass = /(?<!\\)\[(?!\^)/.exec(pattern);
    if (klass)
      candidates.add(`${pattern.slice(0, klass.index + 1)}^${pattern.slice(klass.index + 1)}`);
    const predefined = /\\([dws])/.exec(pattern);
    if (predefined)
      candidates.add(
        pattern.slice(0, predefined.index + 1) +
          predefined[1]!.toUpperCase() +
          pattern.slice(predefined.index + 2),
      );
    const quantifier = /(?<![\\(])[+*?](?!\?)/.exec(pattern);
    if (quantifier)
      candidates.add(pattern.slice(0, quantifier.index) + pattern.slice(quantifier.index + 1));
    return [...candidates]
      .filter((p) => p !== pattern && compiles(p, flags))
      .map((p) => ({
        ...equivalentRegex(node, pattern, p),
        code: `/${p}/${flags}`,
        display: `/${p}/${flags}`,
      }));
  },
};

function compiles(pattern: string, flags: string): boolean {
  if (pattern === '') return false;
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** One character of a pattern: a class (`[\s_-]`), a class escape (`\s`) or a plain character. */
const SINGLE_CHARACTER = /^(?:\[(?:[^\]\\]|\\.)+\]|\\[dDsSwW]|[^\\[\]()|.*+?{}^$])$/;

/**
 * `text.split(/X+/).filter(Boolean)` with X one character: splitting on each X instead of on
 * runs of them yields the same parts plus empty strings, which `.filter(Boolean)` drops.
 */
function equivalentRegex(
  regex: SyntaxNode,
  pattern: string,
  mutated: string,
): { equivalent: EquivalenceRule } | Record<string, never> {
  if (!pattern.endsWith('+') || mutated !== pattern.slice(0, -1)) return {};
  if (!SINGLE_CHARACTER.test(mutated)) return {};
  const args = regex.parent;
  const split = args?.parent;
  if (args?.type !== 'arguments' || args.namedChildCount !== 1) return {};
  if (split?.type !== 'call_expression' || !calls(split, 'split')) return {};
  const member = split.parent;
  const filter = member?.parent;
  if (member?.type !== 'member_expression' || filter?.type !== 'call_expression') return {};
  if (!calls(filter, 'filter') || filter.childForFieldName('arguments')?.text !== '(Boolean)')
    return {};
  return { equivalent: 'split-runs-filtered' };
}

/** `x.name(...)`: a call of the method `name`. */
function calls(call: SyntaxNode, name: string): boolean {
  const fn = call.childForFieldName('function');
  return fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === name;
}
