import type Parser from 'tree-sitter';
import type { FilteredMutant, Mutant } from '../../core/mutant';
import type { SourceLanguage, SourceParser } from '../../understand/source-parser';
import { equivalentRegex, equivalentSwap, type EquivalenceRule } from './equivalent-mutants';
import { PROBES, switchGlobal } from './protocol';

type Node = Parser.SyntaxNode;

/** A file rewritten so that every mutant can be switched on at run time (mutant switching). */
export interface InstrumentedFile {
  file: string;
  text: string;
  mutants: Mutant[];
  /** Mutants not made: equivalent by construction. */
  filtered: FilteredMutant[];
}

const OPERATOR_SWAPS: Record<string, string[]> = {
  '+': ['-'],
  '-': ['+'],
  '*': ['/'],
  '/': ['*'],
  '%': ['*'],
  '<': ['<=', '>='],
  '<=': ['<', '>'],
  '>': ['>=', '<='],
  '>=': ['>', '<'],
  '===': ['!=='],
  '!==': ['==='],
  '==': ['!='],
  '!=': ['=='],
  '&&': ['||'],
  '||': ['&&'],
  '??': ['&&'],
};
const MUTATOR_OF: Record<string, string> = {
  '+': 'ArithmeticOperator',
  '-': 'ArithmeticOperator',
  '*': 'ArithmeticOperator',
  '/': 'ArithmeticOperator',
  '%': 'ArithmeticOperator',
  '<': 'EqualityOperator',
  '<=': 'EqualityOperator',
  '>': 'EqualityOperator',
  '>=': 'EqualityOperator',
  '===': 'EqualityOperator',
  '!==': 'EqualityOperator',
  '==': 'EqualityOperator',
  '!=': 'EqualityOperator',
  '&&': 'LogicalOperator',
  '||': 'LogicalOperator',
  '??': 'LogicalOperator',
};

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
/**
 * Method calls whose swap keeps the code running but changes its result (Stryker's
 * MethodExpression); null removes the call and keeps its receiver (`xs.filter(f)` → `xs`).
 */
const METHOD_SWAPS: Record<string, string | null> = {
  min: 'max',
  max: 'min',
  floor: 'ceil',
  ceil: 'floor',
  toUpperCase: 'toLowerCase',
  toLowerCase: 'toUpperCase',
  toLocaleUpperCase: 'toLocaleLowerCase',
  toLocaleLowerCase: 'toLocaleUpperCase',
  startsWith: 'endsWith',
  endsWith: 'startsWith',
  some: 'every',
  every: 'some',
  trimStart: 'trimEnd',
  trimEnd: 'trimStart',
  charAt: null,
  filter: null,
  reverse: null,
  slice: null,
  sort: null,
  substr: null,
  substring: null,
  trim: null,
  at: null,
};
/** Compound assignments and their opposites (Stryker's AssignmentOperator). */
const ASSIGNMENT_SWAPS: Record<string, string> = {
  '+=': '-=',
  '-=': '+=',
  '*=': '/=',
  '/=': '*=',
  '%=': '*=',
  '<<=': '>>=',
  '>>=': '<<=',
  '&=': '|=',
  '|=': '&=',
  '&&=': '||=',
  '||=': '&&=',
  '??=': '&&=',
};

/*
 * Why our own engine and not Stryker: measured by `npm run bench:verify` on 37 candidate tests
 * over examples/textkit (2-core machine), a plain Stryker 9.6 run (jest runner, perTest
 * coverage, concurrency 2) of the same test files over the same sources took 140-158 s; this
 * engine's mutation gate took 4.7-5.4 s. Stryker starts a sandbox, a dry run and worker
 * processes per run, which dominates at tens of tests; here one Jest process per run tries
 * every mutant a test reaches. The gate also needs what Stryker's report does not give: a kill
 * by a failed assertion told apart from a kill by a crash. Stryker's mutator set is richer
 * (248 mutants against 126 on that library); optional
 * chaining, regexes and statement removal are not mutated here yet.
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
  const state = { nextId: firstId, file, mutants, filtered };
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
}

/** The text of `node` with its mutable descendants switched, then its own mutants around it. */
function rewrite(node: Node, source: string, state: RewriteState): string {
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
  const alternatives = withoutEquivalents(node, mutationsOf(node, rewritten), state);
  // Inside `a?.b.c`, wrapping `a?.b` in a switch would end its short-circuit early.
  if (alternatives.length === 0 || continuesOptionalChain(node)) return inner;
  const statement = STATEMENTS.has(node.type);
  // A statement without a semicolon ends, to tree-sitter, after a comment on its line; the
  // switch closes before that comment, else its brace would be commented out.
  const tail = statement ? trailingComments(node, source) : '';
  inner = inner.slice(0, inner.length - tail.length);
  let switched = statement ? inner : `(${inner})`;
  const inFunction = insideFunction(node);
  // Module data is never reached, so never tried (see Mutant.inFunction).
  const probe = inFunction ? PROBES.mutant : PROBES.data;
  for (const alt of [...alternatives].reverse()) {
    const id = state.nextId + alternatives.indexOf(alt);
    switched = statement
      ? `{ if (${probe}(${id})) ${alt.code} else ${switched} }`
      : `(${probe}(${id}) ? (${alt.code}) : ${switched})`;
  }
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
 * The alternatives less those that cannot change what the code does, each counted: a mutant
 * no test can kill would only be reported as a survivor nobody can act on.
 */
function withoutEquivalents(
  node: Node,
  alternatives: Alternative[],
  state: RewriteState,
): Alternative[] {
  return alternatives.filter((alt) => {
    const rule: EquivalenceRule | null =
      alt.equivalent ?? (alt.display === node.text ? 'same-as-original' : null);
    if (rule) state.filtered.push({ file: state.file, line: node.startPosition.row + 1, rule });
    return rule === null;
  });
}

/** The comments (and the space before them) that end a statement's node, as in its source. */
function trailingComments(node: Node, source: string): string {
  const children = node.children;
  let last = children.length;
  while (last > 0 && children[last - 1]!.type === 'comment') last -= 1;
  if (last === children.length || last === 0) return '';
  return source.slice(children[last - 1]!.endIndex, node.endIndex);
}

const FUNCTIONS = new Set([
  'class_body',
  'function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
  'generator_function_declaration',
  'generator_function',
]);

/** Inside a function's body, other than a wrapper that holds the whole module (UMD, IIFE). */
function insideFunction(node: Node): boolean {
  for (let up = node.parent; up; up = up.parent)
    if (FUNCTIONS.has(up.type) && !wrapsModule(up)) return true;
  return false;
}

/** Nodes between the call of a module's wrapper function and the program. */
const WRAPPER_PATH = new Set([
  'parenthesized_expression',
  'unary_expression',
  'assignment_expression',
  'expression_statement',
  'variable_declarator',
  'lexical_declaration',
  'variable_declaration',
  'sequence_expression',
]);

/**
 * A function that holds a whole module: called at once in a statement of the program
 * (`(function (global) {…})(this)`), or the factory such a function is given (UMD's
 * `(function (root, factory) {…})(this, function () {…})`). A function passed to any other
 * call (Ramda's `_curry2(function add(a, b) {…})`) is a function like any other.
 */
function wrapsModule(fn: Node): boolean {
  let inner = fn;
  let up = fn.parent;
  while (up?.type === 'parenthesized_expression') {
    inner = up;
    up = up.parent;
  }
  const call =
    up?.type === 'call_expression' && up.childForFieldName('function')?.id === inner.id
      ? up
      : up?.type === 'arguments' && up.parent && callsFunctionValue(up.parent)
        ? up.parent
        : null;
  if (!call) return false;
  for (let above = call.parent; above; above = above.parent) {
    if (above.type === 'program') return true;
    if (!WRAPPER_PATH.has(above.type)) return false;
  }
  return false;
}

function callsFunctionValue(call: Node): boolean {
  let callee = call.type === 'call_expression' ? call.childForFieldName('function') : null;
  while (callee?.type === 'parenthesized_expression') callee = callee.namedChildren[0] ?? null;
  return !!callee && FUNCTIONS.has(callee.type);
}

interface Alternative {
  mutator: string;
  /** It empties a whole function (see Mutant.coarse). */
  coarse?: true;
  /** The code that replaces the node, built from its rewritten children. */
  code: string;
  /** What the report shows as the replacement. */
  display: string;
  /** Set when the mutant is equivalent by construction: it is then never made. */
  equivalent?: EquivalenceRule;
}

function mutationsOf(node: Node, rewritten: Map<number, string>): Alternative[] {
  return [...byType(node, rewritten), ...byPlace(node)];
}

/** The mutants a node's kind calls for. */
function byType(node: Node, rewritten: Map<number, string>): Alternative[] {
  const text = (n: Node | null) => (n ? (rewritten.get(n.id) ?? n.text) : '');
  switch (node.type) {
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.type ?? '';
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const swaps = OPERATOR_SWAPS[operator] ?? [];
      // `'a' + b` concatenates: turning it into subtraction yields NaN, a crash-like mutant.
      if (operator === '+' && (isStringy(left) || isStringy(right))) return [];
      return swaps.map((swap) => {
        const equivalent = equivalentSwap(node, operator, swap);
        return {
          mutator: MUTATOR_OF[operator] ?? 'Operator',
          code: `${text(left)} ${swap} ${text(right)}`,
          display: `${left?.text ?? ''} ${swap} ${right?.text ?? ''}`,
          ...(equivalent ? { equivalent } : {}),
        };
      });
    }
    case 'augmented_assignment_expression': {
      const operator = node.child(1)?.type ?? '';
      const swap = ASSIGNMENT_SWAPS[operator];
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!swap || (operator === '+=' && isStringy(right))) return [];
      return [
        {
          mutator: 'AssignmentOperator',
          code: `${text(left)} ${swap} ${text(right)}`,
          display: `${left?.text ?? ''} ${swap} ${right?.text ?? ''}`,
        },
      ];
    }
    case 'update_expression': {
      const token = node.children.find((c) => c.type === '++' || c.type === '--');
      if (!token) return [];
      const swapped = replaceAt(node, token, token.type === '++' ? '--' : '++');
      return [{ mutator: 'UpdateOperator', code: swapped, display: swapped }];
    }
    case 'unary_expression': {
      const operator = node.child(0)?.type;
      const argument = node.childForFieldName('argument');
      if (operator === '!')
        return [{ mutator: 'BooleanLiteral', code: text(argument), display: argument?.text ?? '' }];
      if (operator === '-')
        return [
          {
            mutator: 'UnaryOperator',
            code: `+${text(argument)}`,
            display: `+${argument?.text ?? ''}`,
          },
        ];
      return [];
    }
    case 'call_expression':
      return [...methodSwap(node, text), ...optionalChaining(node)];
    case 'member_expression':
    case 'subscript_expression':
      return optionalChaining(node);
    case 'arrow_function': {
      const body = node.childForFieldName('body');
      return body && body.type !== 'statement_block' && body.text !== 'undefined'
        ? [
            {
              mutator: 'ArrowFunction',
              code: '() => undefined',
              display: '() => undefined',
              coarse: true,
            },
          ]
        : [];
    }
    case 'expression_statement':
      return isSideEffect(node)
        ? [{ mutator: 'StatementRemoval', code: '{}', display: '(statement removed)' }]
        : [];
    case 'statement_block':
      if (!isEmptiable(node)) return [];
      return [
        {
          mutator: 'BlockStatement',
          code: '{}',
          display: '{}',
          ...(FUNCTIONS.has(node.parent?.type ?? '') ? { coarse: true as const } : {}),
        },
      ];
    case 'true':
      return [{ mutator: 'BooleanLiteral', code: 'false', display: 'false' }];
    case 'false':
      return [{ mutator: 'BooleanLiteral', code: 'true', display: 'true' }];
    case 'parenthesized_expression':
      return isCondition(node) ? TRUE_AND_FALSE : [];
    case 'string':
      if (!isPlainValue(node)) return [];
      return node.text.length > 2
        ? [{ mutator: 'StringLiteral', code: '""', display: '""' }]
        : [{ mutator: 'StringLiteral', code: FILLER, display: FILLER }];
    case 'template_string':
      return isPlainValue(node) && node.text.length > 2 && node.parent?.type !== 'call_expression'
        ? [{ mutator: 'StringLiteral', code: '``', display: '``' }]
        : [];
    case 'array':
      if (!isPlainValue(node)) return [];
      return node.namedChildCount > 0
        ? [{ mutator: 'ArrayDeclaration', code: '[]', display: '[]' }]
        : [{ mutator: 'ArrayDeclaration', code: `[${FILLER}]`, display: `[${FILLER}]` }];
    case 'object':
      return node.namedChildCount > 0 && isPlainValue(node)
        ? [{ mutator: 'ObjectLiteral', code: '{}', display: '{}' }]
        : [];
    case 'regex':
      return regexMutations(node);
    default:
      return [];
  }
}

const FILLER = '"Stryker was here!"';
const TRUE_AND_FALSE: Alternative[] = [
  { mutator: 'ConditionalExpression', code: 'true', display: 'true' },
  { mutator: 'ConditionalExpression', code: 'false', display: 'false' },
];

/** The mutants a node's place calls for: the condition of a `?:` is always true, then always false. */
function byPlace(node: Node): Alternative[] {
  const parent = node.parent;
  return parent?.type === 'ternary_expression' &&
    parent.childForFieldName('condition')?.id === node.id
    ? TRUE_AND_FALSE
    : [];
}

/** `xs.filter(f)` → `xs`; `s.startsWith(p)` → `s.endsWith(p)` (Stryker's MethodExpression). */
function methodSwap(node: Node, text: (n: Node | null) => string): Alternative[] {
  const fn = node.childForFieldName('function');
  if (fn?.type !== 'member_expression' || fn.children.some(isOptionalToken)) return [];
  const property = fn.childForFieldName('property')?.text ?? '';
  if (!Object.hasOwn(METHOD_SWAPS, property)) return [];
  const swap = METHOD_SWAPS[property];
  const callee = text(fn);
  if (swap === null) {
    const receiver = fn.childForFieldName('object');
    return [
      {
        mutator: 'MethodExpression',
        code: text(receiver),
        display: `${receiver?.text ?? ''} (.${property}() removed)`,
      },
    ];
  }
  const swapped = `${callee.slice(0, callee.length - property.length)}${swap}`;
  const args = text(node.childForFieldName('arguments'));
  const shown = `${fn.text.slice(0, fn.text.length - property.length)}${swap}(…)`;
  return [{ mutator: 'MethodExpression', code: `${swapped}${args}`, display: shown }];
}

function isOptionalToken(node: Node): boolean {
  return node.type === 'optional_chain' || node.type === '?.';
}

/**
 * `a?.b.c` → `a.b.c`, once per `?.` of the chain, at the chain's end only (Stryker's
 * OptionalChaining). The replacement is the original text: when this mutant is on, no other is.
 */
function optionalChaining(node: Node): Alternative[] {
  if (chainContinues(node) || node.parent?.type === 'unary_expression') return [];
  const alternatives: Alternative[] = [];
  for (let link: Node | null = node; link; link = chainInner(link)) {
    const token = link.children.find(isOptionalToken);
    if (!token) continue;
    const code = replaceAt(node, token, link.type === 'member_expression' ? '.' : '');
    alternatives.push({ mutator: 'OptionalChaining', code, display: code });
  }
  return alternatives;
}

/** The next link down a chain: the object of `a.b`, `a[0]`, or the callee of `f()`. */
function chainInner(node: Node): Node | null {
  if (node.type === 'member_expression' || node.type === 'subscript_expression')
    return node.childForFieldName('object');
  if (node.type === 'call_expression') return node.childForFieldName('function');
  return null;
}

/** True when the node's parent carries its chain on: it is the object or callee of the next link. */
function chainContinues(node: Node): boolean {
  const parent = node.parent;
  return !!parent && chainInner(parent)?.id === node.id;
}

/** True when the node is a link inside a chain that short-circuits below it (`a?.b` in `a?.b.c`). */
function continuesOptionalChain(node: Node): boolean {
  if (!chainContinues(node)) return false;
  for (let link: Node | null = node; link; link = chainInner(link))
    if (link.children.some(isOptionalToken)) return true;
  return false;
}

/** The node's original text with one of its descendant tokens replaced. */
function replaceAt(node: Node, token: Node, replacement: string): string {
  const from = token.startIndex - node.startIndex;
  return node.text.slice(0, from) + replacement + node.text.slice(from + token.text.length);
}

/** A statement that only does something: a call, an await, or a write to a property. */
function isSideEffect(statement: Node): boolean {
  if (!STATEMENT_PLACES.has(statement.parent?.type ?? '') && !isBodyOf(statement)) return false;
  let expression = statement.namedChildren[0] ?? null;
  if (expression?.type === 'await_expression') expression = expression.namedChildren[0] ?? null;
  if (expression?.type === 'call_expression')
    return expression.childForFieldName('function')?.type !== 'super';
  return (
    (expression?.type === 'assignment_expression' ||
      expression?.type === 'augmented_assignment_expression') &&
    expression.childForFieldName('left')?.type === 'member_expression'
  );
}

/** A block with something in it, whose emptying leaves valid code (Stryker's BlockStatement). */
function isEmptiable(block: Node): boolean {
  if (block.namedChildren.filter((c) => c.type !== 'comment').length === 0) return false;
  const first = block.namedChildren[0];
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string')
    return false;
  // A derived class's constructor must call super() before it returns.
  const method = block.parent;
  return !(
    method?.type === 'method_definition' &&
    method.childForFieldName('name')?.text === 'constructor' &&
    block.descendantsOfType('super').length > 0
  );
}

/** Where a statement stands on its own: in a block, a case, after `else` or a label. */
const STATEMENT_PLACES = new Set([
  'statement_block',
  'else_clause',
  'switch_case',
  'switch_default',
  'labeled_statement',
]);
const STATEMENTS = new Set(['expression_statement', 'statement_block']);

/** The body of an `if`, or of a loop. */
function isBodyOf(statement: Node): boolean {
  const parent = statement.parent;
  return (
    !!parent &&
    (parent.childForFieldName('body')?.id === statement.id ||
      parent.childForFieldName('consequence')?.id === statement.id)
  );
}

/**
 * A subset of Weapon-regeX's level-1 mutations (Stryker's Regex mutator): drop an anchor,
 * negate a character class, swap a predefined class, drop a quantifier. Weapon-regeX itself
 * is an ES module that this CommonJS build cannot load synchronously. A mutant whose pattern
 * no longer compiles is left out.
 */
function regexMutations(node: Node): Alternative[] {
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
      mutator: 'Regex',
      code: `/${p}/${flags}`,
      display: `/${p}/${flags}`,
    }));
}

function compiles(pattern: string, flags: string): boolean {
  if (pattern === '') return false;
  try {
    new RegExp(pattern, flags);
    return true;
  } catch {
    return false;
  }
}

/** Puts a turn counter at the start of a loop's body: `for (…) body` becomes `for (…) { <loop probe>(); body }`. */
function guardLoop(loop: Node, text: string, rewritten: Map<number, string>): string {
  const body = loop.childForFieldName('body');
  if (!body) return text;
  const bodyText = rewritten.get(body.id) ?? body.text;
  const at = text.lastIndexOf(bodyText);
  if (at < 0) return text;
  return `${text.slice(0, at)}{ ${PROBES.loop}(); ${bodyText} }${text.slice(at + bodyText.length)}`;
}

/** `if (…)`, `while (…)`: the parenthesised condition of a branch or loop. */
function isCondition(node: Node): boolean {
  const parent = node.parent;
  return (
    (parent?.type === 'if_statement' ||
      parent?.type === 'while_statement' ||
      parent?.type === 'do_statement') &&
    parent.childForFieldName('condition')?.id === node.id
  );
}

function isStringy(node: Node | null): boolean {
  return node?.type === 'string' || node?.type === 'template_string';
}

/** A value in an expression, not a module name, property key, directive or type. */
function isPlainValue(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (
    ['import_statement', 'export_statement', 'import_clause', 'pair_pattern'].includes(parent.type)
  )
    return false;
  if (parent.type === 'pair' && parent.childForFieldName('key')?.id === node.id) return false;
  if (parent.type === 'expression_statement') return false;
  if (
    parent.type === 'arguments' &&
    parent.parent?.childForFieldName('function')?.text === 'require'
  )
    return false;
  return true;
}

/** Types, decorators and declarations with no run-time value are not mutated. */
function isTypeContext(node: Node): boolean {
  return (
    node.type.includes('type') ||
    node.type === 'interface_declaration' ||
    node.type === 'enum_declaration' ||
    node.type === 'decorator' ||
    node.type === 'ambient_declaration' ||
    node.type === 'import_statement'
  );
}
