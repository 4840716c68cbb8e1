import type Parser from 'tree-sitter';

export type SyntaxNode = Parser.SyntaxNode;

/** Why a mutant is equivalent by construction: it cannot change what the code does. */
export type EquivalenceRule =
  | 'edge-gives-same-branch'
  | 'loop-never-reaches-edge'
  /** `s.split(/\s+/).filter(Boolean)` → `/\s/`: splitting on single separators only adds empty strings, which the filter drops. */
  | 'split-runs-filtered'
  /** The mutated code reads exactly as the original (a regex edit that changes nothing). */
  | 'same-as-original'
  /** The mutated file compiles, minified, to what the original does (compiler-equivalence.ts). */
  | 'compiler-equivalent'
  /** `if (t !== undefined) clearTimeout(t)` forced true: clearTimeout ignores an undefined id. */
  | 'guard-of-no-op-clear';

/** One way to change a node, as a mutator proposes it. */
export interface Alternative {
  /** The code that replaces the node, built from its rewritten children. */
  code: string;
  /** What the report shows as the replacement. */
  display: string;
  /** It empties a whole function (see Mutant.coarse). */
  coarse?: true;
  /** Set when the mutant is equivalent by construction: it is then never made. */
  equivalent?: EquivalenceRule;
}

/** A child's code as the walk rewrote it (with its own mutants switched), or '' for none. */
export type CodeOf = (node: SyntaxNode | null) => string;

/**
 * One kind of mutant (Stryker's `NodeMutator`): what it makes of a node, or nothing. The walk in
 * instrument.ts asks every mutator listed in mutators.ts, in order, about every node.
 */
export interface NodeMutator {
  /** The name the report gives its mutants, as Stryker names them. */
  readonly name: string;
  /** The node types it can mutate; left out, it decides by the node's place, for any type. */
  readonly nodeTypes?: readonly string[];
  mutate(node: SyntaxNode, codeOf: CodeOf): Alternative[];
}
