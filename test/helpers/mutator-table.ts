import type {
  EquivalenceRule,
  NodeMutator,
  SyntaxNode,
} from '../../src/verify/mutation/mutators/node-mutator';
import { SourceParser } from '../../src/understand/source-parser';

const parser = new SourceParser();
/** The walk puts a statement's mutant in place as it is, an expression's in parentheses. */
const STATEMENTS = new Set(['expression_statement', 'statement_block']);

/** What a mutator must make of one piece of code (typescript-eslint's RuleTester, for mutators). */
export interface InvalidCase {
  code: string;
  /** The replacements it makes, as the report shows them, in order. */
  mutants: string[];
  /** Replacements it proposes but marks equivalent by construction, with the rule. */
  equivalent?: Record<string, EquivalenceRule>;
}

/** Code it must leave alone, with the reason. */
export type ValidCase = [code: string, why: string];

interface Proposal {
  mutants: string[];
  equivalent: Record<string, EquivalenceRule>;
  /** The code with each made mutant in place of its node, for checking it still parses. */
  rewritten: string[];
}

/** Asks the mutator about every node of the code it declares it can mutate, as the walk does. */
function propose(mutator: NodeMutator, code: string): Proposal {
  const proposal: Proposal = { mutants: [], equivalent: {}, rewritten: [] };
  // Children first, as the walk numbers them.
  const visit = (node: SyntaxNode): void => {
    node.children.forEach(visit);
    if (!mutator.nodeTypes || mutator.nodeTypes.includes(node.type))
      for (const alt of mutator.mutate(node, (n) => n?.text ?? '')) {
        if (alt.equivalent) proposal.equivalent[alt.display] = alt.equivalent;
        else proposal.mutants.push(alt.display);
        const replacement = STATEMENTS.has(node.type) ? alt.code : `(${alt.code})`;
        proposal.rewritten.push(
          code.slice(0, node.startIndex) + replacement + code.slice(node.endIndex),
        );
      }
  };
  visit(parser.parse(code, 'typescript').rootNode);
  return proposal;
}

/**
 * The mutator's table spec: each valid case gets no mutant, each invalid case exactly its
 * mutants (and equivalents), and every mutant it makes is code that still parses.
 */
export function describeMutator(
  mutator: NodeMutator,
  table: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  describe(mutator.name, () => {
    it.each(table.valid)('makes no mutant of %s (%s)', (code) => {
      expect(propose(mutator, code)).toMatchObject({ mutants: [], equivalent: {} });
    });

    it.each(table.invalid)('mutates $code', ({ code, mutants, equivalent = {} }) => {
      const proposal = propose(mutator, code);
      expect({ mutants: proposal.mutants, equivalent: proposal.equivalent }).toEqual({
        mutants,
        equivalent,
      });
      for (const rewritten of proposal.rewritten)
        expect([rewritten, parser.parse(rewritten, 'typescript').rootNode.hasError]).toEqual([
          rewritten,
          false,
        ]);
    });
  });
}
