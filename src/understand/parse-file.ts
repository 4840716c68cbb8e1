import { extractSymbols, type ExtractedModule } from './extract-symbols';
import { countErrorNodes, type SourceLanguage, type SourceParser } from './source-parser';

/** What parsing one file yields: its symbols and exports, and where tree-sitter had to recover. */
export interface ParsedFile extends ExtractedModule {
  file: string;
  language: SourceLanguage;
  errorNodes: number;
}

/** Parses one file with tree-sitter and extracts its symbols; the tree does not outlive the call. */
export function parseFile(
  parser: SourceParser,
  file: string,
  text: string,
  language: SourceLanguage,
): ParsedFile {
  const tree = parser.parse(text, language);
  return { file, language, errorNodes: countErrorNodes(tree), ...extractSymbols(tree, file) };
}
