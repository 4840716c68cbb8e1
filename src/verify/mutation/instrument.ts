import type { FilteredMutant, Mutant } from '../../core/mutant';
import type { SourceLanguage, SourceParser } from '../../understand/source-parser';
import { CompilerEquivalence } from './compiler-equivalence';
import { insideFunction } from './function-scope';
import { MUTATORS } from './mutators/mutators';
import type {
  Alternative,
  EquivalenceRule,
  NodeMutator,
  SyntaxNode,
} from './mutators/node-mutator';
import { chainContinues, chainInner, isOptionalToken } from './mutators/syntax-nodes';
import { PROBES, switchGlobal } from './protocol';

/** A file rewritten so that every mutant can be switched on at run time (mutant switching). */
export interface InstrumentedFile {
  file: string;
  text: string;
  mutants: Mutant[];
  /** Mutants not made: equivalent by construction. */
  filtered: FilteredMutant[];
}

/**
 * The helpers every instrumented file starts with: the probes of the runner's mutant switch
 * (MutantSwitch), taken from its global. The first records coverage and says whether a mutant
 * is on, and gives up past the mutant's deadline (a mutant can make code recurse without end,
 * out of reach of any timer); the second, for module data, only says whether a mutant is on;
 * the third counts loop turns while a mutant is on and stops a loop that will not end.
 */
function prelude(nonce: string): string {
  const probes = `globalThis.${switchGlobal(nonce)}`;
  // Loaded outside Attest's environment, the code runs as written: no mutant is ever on.
  const off =
    '{ mutant: function () { return false; }, data: function () { return false; }, loop: function () {} }';
  return `var ${PROBES.mutant} = (${probes} || ${off}).mutant, ${PROBES.data} = (${probes} || ${off}).data, ${PROBES.loop} = (${probes} || ${off}).loop;\n`;
}
const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
/*
 * Why our own engine and not Stryker: measured by `npm run bench:verify` on 37 candidate tests
 * over examples/textkit (2-core machine), a plain Stryker 9.6 run (jest runner, perTest
 * coverage, concurrency 2) of the same test files over the same sources took 140-158 s; this
 * engine's mutation gate took 4.7-5.4 s. Stryker starts a sandbox, a dry run and worker
 * processes per run, which dominates at tens of tests; here one Jest process per run tries
 * every mutant a test reaches. The gate also needs what Stryker's report does not give: a kill
 * by a failed assertion told apart from a kill by a crash. Stryker's mutator set is richer
 * (see the README's mutants by kind).
 */

/**
 * Finds the mutants of a file with tree-sitter and rewrites it so that all of them live in one
 * copy, each behind `<probe>(id) ? mutated : original`. One Jest process can then try
 * every mutant a test covers by switching a global, instead of reloading the code per mutant.
 * The globals carry the run's nonce (see runnerGlobals); the runner always gives one.
 */
export function instrument(
  text: string,
  file: string,
  language: SourceLanguage,
  parser: SourceParser,
  firstId = 1,
  nonce = '',
): InstrumentedFile {
  const tree = parser.parse(text, language);
  const mutants: Mutant[] = [];
  const filtered: FilteredMutant[] = [];
  const state = {
    nextId: firstId,
    file,
    mutants,
    filtered,
    equivalence: new CompilerEquivalence(text, language),
  };
  const body = rewrite(tree.rootNode, text, state);
  return { file, text: withPrelude(body, prelude(nonce)), mutants, filtered };
}

/** Keeps a leading 'use strict' and a shebang in front of the helper. */
function withPrelude(text: string, helpers: string): string {
  const lead = /^(#![^\n]*\n)?(\s*(['"])use strict\3;?\s*\n)?/.exec(text)?.[0] ?? '';
  return lead + helpers + text.slice(lead.length);
}

interface RewriteState {
  nextId: number;
  file: string;
  mutants: Mutant[];
  filtered: FilteredMutant[];
  /** Whether a mutant compiles to what the original does (compiler-equivalence.ts). */
  equivalence: CompilerEquivalence;
}

/**
 * An expression in parentheses, to keep its precedence inside the switch; a regular expression
 * literal needs none, and vite's parser (oxc, in vite 8) reads `(/<!--` in a module as an HTML
 * comment, so it gets none.
 */
function grouped(text: string): string {
  return text.startsWith('/') ? text : `(${text})`;
}

/** True when `node` is where an expression statement's text begins. */
function startsExpressionStatement(node: SyntaxNode): boolean {
  for (let p = node.parent; p && p.startIndex === node.startIndex; p = p.parent)
    if (p.type === 'expression_statement') return true;
  return false;
}

/** The text of `node` with its mutable descendants switched, then its own mutants around it. */
function rewrite(node: SyntaxNode, source: string, state: RewriteState): string {
  if (isTypeContext(node)) return node.text;
  const parts: string[] = [];
  let cursor = node.startIndex;
  const rewritten = new Map<number, string>();
  for (const child of node.children) {
    parts.push(source.slice(cursor, child.startIndex));
    const text = rewrite(child, source, state);
    rewritten.set(child.id, text);
    parts.push(text);
    cursor = child.endIndex;
  }
  parts.push(source.slice(cursor, node.endIndex));
  let inner = node.childCount === 0 ? node.text : parts.join('');
  if (LOOPS.has(node.type)) inner = guardLoop(node, inner, rewritten);
  const inFunction = insideFunction(node);
  const alternatives = withoutEquivalents(node, mutationsOf(node, rewritten), state, inFunction);
  // Inside `a?.b.c`, wrapping `a?.b` in a switch would end its short-circuit early.
  if (alternatives.length === 0 || continuesOptionalChain(node)) return inner;
  const statement = STATEMENTS.has(node.type);
  // A statement without a semicolon ends, to tree-sitter, after a comment on its line; the
  // switch closes before that comment, else its brace would be commented out.
  const tail = statement ? trailingComments(node, source) : '';
  inner = inner.slice(0, inner.length - tail.length);
  let switched = statement ? inner : grouped(inner);
  // Module data is never reached, so never tried (see Mutant.inFunction).
  const probe = inFunction ? PROBES.mutant : PROBES.data;
  for (const alt of [...alternatives].reverse()) {
    const id = state.nextId + alternatives.indexOf(alt);
    switched = statement
      ? `{ if (${probe}(${id})) ${alt.code} else ${switched} }`
      : `(${probe}(${id}) ? ${grouped(alt.code)} : ${switched})`;
  }
  // The switch's `(` at the start of a statement would continue a line that has no semicolon
  // (`n = s.length` then `(total += n)` calls `.length`); `void 0, ` starts it with a word
  // instead, and the comma, lowest of all, leaves the statement's own expression whole.
  if (!statement && startsExpressionStatement(node)) switched = `void 0, ${switched}`;
  for (const alt of alternatives) {
    state.mutants.push({
      id: state.nextId,
      file: state.file,
      line: node.startPosition.row + 1,
      mutator: alt.mutator,
      original: node.text.length > 80 ? `${node.text.slice(0, 77)}...` : node.text,
      replacement: alt.display,
      inFunction,
      ...(alt.coarse ? { coarse: true as const } : {}),
    });
    state.nextId += 1;
  }
  return switched + tail;
}

/**
 * The alternatives less those that cannot change what the code does, each counted under the
 * first rule that finds it: a mutant that reads as the original; one that compiles as the
 * original does (trivial compiler equivalence, for code in functions: module data is never
 * tried); then the mutators' own rules, for what the compiler cannot see (that a value at the
 * edge takes either branch to the same result). A mutant no test can kill would only be
 * reported as a survivor nobody can act on.
 */
function withoutEquivalents(
  node: SyntaxNode,
  alternatives: NamedAlternative[],
  state: RewriteState,
  inFunction: boolean,
): NamedAlternative[] {
  return alternatives.filter((alt) => {
    const rule: EquivalenceRule | null =
      alt.display === node.text
        ? 'same-as-original'
        : inFunction && state.equivalence.same(node, alt.plain)
          ? 'compiler-equivalent'
          : (alt.equivalent ?? null);
    if (rule) state.filtered.push({ file: state.file, line: node.startPosition.row + 1, rule });
    return rule === null;
  });
}

/** The comments (and the space before them) that end a statement's node, as in its source. */
function trailingComments(node: SyntaxNode, source: string): string {
  const children = node.children;
  let last = children.length;
  while (last > 0 && children[last - 1]!.type === 'comment') last -= 1;
  if (last === children.length || last === 0) return '';
  return source.slice(children[last - 1]!.endIndex, node.endIndex);
}

/** The mutators that may mutate a node of each type, in MUTATORS' order; then those by place. */
const BY_TYPE = new Map<string, NodeMutator[]>();
for (const mutator of MUTATORS)
  for (const type of mutator.nodeTypes ?? [])
    BY_TYPE.set(type, [...(BY_TYPE.get(type) ?? []), mutator]);
const BY_PLACE = MUTATORS.filter((m) => !m.nodeTypes);

interface NamedAlternative extends Alternative {
  mutator: string;
  /** The alternative's code over the original children: the mutant alone, as a file holds it. */
  plain: string;
}

/** What every mutator makes of the node, each alternative named after its mutator. */
function mutationsOf(node: SyntaxNode, rewritten: Map<number, string>): NamedAlternative[] {
  const codeOf = (n: SyntaxNode | null) => (n ? (rewritten.get(n.id) ?? n.text) : '');
  const plainOf = (n: SyntaxNode | null) => (n ? n.text : '');
  return [...(BY_TYPE.get(node.type) ?? []), ...BY_PLACE].flatMap((mutator) => {
    const plain = mutator.mutate(node, plainOf);
    return mutator
      .mutate(node, codeOf)
      .map((alt, i) => ({ ...alt, mutator: mutator.name, plain: plain[i]?.code ?? alt.code }));
  });
}

/** True when the node is a link inside a chain that short-circuits below it (`a?.b` in `a?.b.c`). */
function continuesOptionalChain(node: SyntaxNode): boolean {
  if (!chainContinues(node)) return false;
  for (let link: SyntaxNode | null = node; link; link = chainInner(link))
    if (link.children.some(isOptionalToken)) return true;
  return false;
}

const STATEMENTS = new Set(['expression_statement', 'statement_block']);

/** Puts a turn counter at the start of a loop's body: `for (…) body` becomes `for (…) { <loop probe>(); body }`. */
function guardLoop(loop: SyntaxNode, text: string, rewritten: Map<number, string>): string {
  const body = loop.childForFieldName('body');
  if (!body) return text;
  const bodyText = rewritten.get(body.id) ?? body.text;
  const at = text.lastIndexOf(bodyText);
  if (at < 0) return text;
  return `${text.slice(0, at)}{ ${PROBES.loop}(); ${bodyText} }${text.slice(at + bodyText.length)}`;
}

/** Types, decorators and declarations with no run-time value are not mutated. */
function isTypeContext(node: SyntaxNode): boolean {
  return (
    node.type.includes('type') ||
    node.type === 'interface_declaration' ||
    node.type === 'enum_declaration' ||
    node.type === 'decorator' ||
    node.type === 'ambient_declaration' ||
    node.type === 'import_statement'
  );
}
