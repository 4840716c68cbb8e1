import type { CandidateTest } from '../core/candidate';
import { findTests } from '../understand/test-structure';
import { SourceParser, languageOf } from '../understand/source-parser';

const CITATION = /\/\/\s*requirements?:\s*(.+)$/i;

/**
 * The tests of a test file with the requirement ids each cites: `// requirement: <id>` on the
 * comment lines right above the test, or inside it. Ids not in `known` are dropped, so that a
 * made-up id never reaches the traceability table.
 */
export function citedTests(
  text: string,
  file: string,
  known: ReadonlySet<string>,
  parser = new SourceParser(),
): CandidateTest[] {
  const tree = parser.parse(text, languageOf(file) ?? 'typescript');
  const lines = text.split('\n');
  return findTests(tree).map((test) => {
    const ids: string[] = [];
    const cite = (line: string) => {
      const match = CITATION.exec(line.trim());
      if (match) ids.push(...match[1]!.split(/[,\s]+/).filter(Boolean));
    };
    for (let i = test.line - 2; i >= 0 && /^\s*\/\//.test(lines[i]!); i -= 1) cite(lines[i]!);
    for (let i = test.line - 1; i < test.endLine; i += 1) cite(lines[i]!);
    return { name: test.name, requirementIds: [...new Set(ids)].filter((id) => known.has(id)) };
  });
}
