import MarkdownIt from 'markdown-it';
import type { Requirement } from '../core/requirement';
import { readBlocks } from './parse-examples';
import type { RequirementIdAllocator } from './requirement-id';
import { writtenId } from './requirement-id';
import type { SourceParser } from './source-parser';

const CODE_FENCES = new Set([
  '',
  'js',
  'javascript',
  'ts',
  'typescript',
  'jsx',
  'tsx',
  'mjs',
  'cjs',
  'node',
  'console',
]);
const markdown = new MarkdownIt();
type Token = ReturnType<typeof markdown.parse>[number];

interface Section {
  headingPath: string[];
  heading: string;
  startLine: number;
  endLine: number;
  codeBlocks: { code: string; firstLine: number }[];
}

/** Splits a Markdown file by heading into passages, each with its heading path and examples. */
export function readMarkdown(
  file: string,
  text: string,
  parser: SourceParser,
  ids: RequirementIdAllocator,
): Requirement[] {
  const lines = text.split('\n');
  const sections = sectionsOf(markdown.parse(text, {}), lines.length);
  const out: Requirement[] = [];
  for (const section of sections) {
    const bodyStart = section.heading ? section.startLine + 1 : section.startLine;
    const body = lines
      .slice(bodyStart - 1, section.endLine)
      .join('\n')
      .trim();
    if (!body) continue;
    const passage = lines
      .slice(section.startLine - 1, section.endLine)
      .join('\n')
      .trim();
    out.push({
      id: ids.allocate(
        'markdown',
        writtenId(section.heading, body),
        `${file}\n${section.headingPath.join(' > ')}`,
        body,
      ),
      source: 'markdown',
      file,
      line: section.startLine,
      endLine: section.endLine,
      headingPath: section.headingPath,
      text: passage,
      ...readBlocks(
        section.codeBlocks.map((b) => ({ code: b.code, line: b.firstLine })),
        parser,
      ),
      symbolId: null,
      tables: [],
    });
  }
  return out;
}

function sectionsOf(tokens: Token[], lineCount: number): Section[] {
  const sections: Section[] = [];
  const stack: { level: number; title: string }[] = [];
  let current: Section = {
    headingPath: [],
    heading: '',
    startLine: 1,
    endLine: lineCount,
    codeBlocks: [],
  };
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (token.type === 'heading_open' && token.map) {
      const level = Number(token.tag.slice(1));
      const title = tokens[i + 1]?.content.trim() ?? '';
      current.endLine = token.map[0];
      sections.push(current);
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, title });
      current = {
        headingPath: stack.map((s) => s.title),
        heading: title,
        startLine: token.map[0] + 1,
        endLine: lineCount,
        codeBlocks: [],
      };
      continue;
    }
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
      const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      if (CODE_FENCES.has(lang)) {
        const fenceOffset = token.type === 'fence' ? 1 : 0;
        current.codeBlocks.push({ code: token.content, firstLine: token.map[0] + 1 + fenceOffset });
      }
    }
  }
  sections.push(current);
  return sections.filter((s) => s.endLine >= s.startLine);
}
