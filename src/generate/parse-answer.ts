import type { Target } from '../core/target';
import { SourceParser, languageOf } from '../understand/source-parser';

/** A model's answer, read: the test file it holds, or why it holds none the runner could judge. */
export type ParsedAnswer = { status: 'ok'; code: string } | { status: 'unusable'; reason: string };

const FENCE = /```[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)```/g;
const CODE_LANGUAGES = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'tsx', 'jsx']);

/**
 * Takes the single fenced TypeScript block out of an answer and checks it with tree-sitter
 * before the runner spends a process on it: it must parse, and it must import the target
 * through the exact import line the prompt gave.
 */
export function parseAnswer(
  answer: string,
  target: Target,
  file: string,
  parser = new SourceParser(),
): ParsedAnswer {
  const blocks = [...answer.matchAll(FENCE)].filter((m) => CODE_LANGUAGES.has(m[1]!.toLowerCase()));
  if (blocks.length !== 1)
    return {
      status: 'unusable',
      reason: `the answer must hold exactly one fenced TypeScript code block; it held ${blocks.length}.`,
    };
  const code = blocks[0]![2]!.trimEnd() + '\n';
  const tree = parser.parse(code, languageOf(file) ?? 'typescript');
  if (tree.rootNode.hasError) {
    const line = firstErrorLine(tree.rootNode);
    return {
      status: 'unusable',
      reason: `the code block does not parse: a syntax error near line ${line}.`,
    };
  }
  if (!normalize(code).includes(normalize(target.importLine.statement)))
    return {
      status: 'unusable',
      reason: `the test file does not use the import line it was given: ${target.importLine.statement}`,
    };
  return { status: 'ok', code };
}

function normalize(text: string): string {
  return text.replace(/"/g, "'").replace(/\s+/g, ' ').replace(/;/g, '');
}

function firstErrorLine(node: import('tree-sitter').SyntaxNode): number {
  if (node.type === 'ERROR' || node.isMissing) return node.startPosition.row + 1;
  for (const child of node.children)
    if (child.hasError || child.isMissing) return firstErrorLine(child);
  return node.startPosition.row + 1;
}
