import type { CodeSymbol } from '../core/code-symbol';
import type { Example } from '../core/requirement';
import type { GoverningRequirement, GroundedExample, UngroundedExample } from '../core/target';

/**
 * A target's examples as its tests state them: each example read as the code's type says
 * (a result printed unquoted is a string only where the code returns one), and the same call
 * with the same result, stated in several places (a README and its translations, the JSDoc),
 * once, citing every place.
 */
export function groundExamples(
  symbol: CodeSymbol,
  requirements: GoverningRequirement[],
): { examples: GroundedExample[]; skipped: UngroundedExample[] } {
  const examples = new Map<string, GroundedExample>();
  const skipped: UngroundedExample[] = [];
  const string = returnsString(symbol);
  for (const { requirement } of requirements) {
    for (const stated of requirement.examples) {
      if (stated.symbolId !== symbol.id) continue;
      const example = readAsTyped(stated, string);
      if (!example) {
        skipped.push({
          requirementId: requirement.id,
          file: requirement.file,
          line: stated.line,
          call: stated.call,
          reason: `its result is written unquoted, and ${symbol.name} is not typed to return a string`,
        });
        continue;
      }
      const key = sameness(example);
      const first = examples.get(key);
      if (!first) examples.set(key, { requirement, example });
      else if (first.requirement.id !== requirement.id)
        (first.also ??= []).push({ requirement, line: example.line });
    }
  }
  return { examples: [...examples.values()], skipped };
}

/** The example with its result read as printed text where the code returns a string; null when it states nothing. */
function readAsTyped(example: Example, string: boolean): Example | null {
  const expected = example.expected;
  if (expected.kind !== 'value' || expected.asPrinted === undefined) return example;
  if (string) return { ...example, expected: { ...expected, text: expected.asPrinted } };
  return expected.unquoted ? null : example;
}

/** A quoted string in code: what spacing and the choice of quotes leave alone. */
const STRING = /('(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`[^`]*`)/;

/** Code with no spacing outside its strings, and its strings in single quotes. */
function flat(code: string): string {
  return code
    .split(STRING)
    .map((part, i) => {
      if (i % 2 === 0) return part.replace(/\s+/g, '');
      if (part.startsWith('"') && !part.includes("'")) return `'${part.slice(1, -1)}'`;
      return part;
    })
    .join('');
}

/** What makes two stated examples one test: the call, the result and the setup, spacing and quotes aside. */
function sameness(example: Example): string {
  const expected =
    example.expected.kind === 'value'
      ? `= ${flat(example.expected.text)}`
      : `throws ${example.expected.errorType ?? ''}`;
  return [flat(example.call), expected, ...example.setup.map(flat)].join('\u0000');
}

/** Whether the code says it returns a string: its TypeScript return type, or its JSDoc's. */
function returnsString(symbol: CodeSymbol): boolean {
  const declared = symbol.returnType ?? symbol.jsdoc?.returns?.type ?? '';
  return /^\s*(?:Promise\s*<\s*)?string\s*>?\s*$/.test(declared.replace(/^\{|\}$/g, ''));
}
