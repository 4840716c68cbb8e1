import { parse as parseComment } from 'comment-parser';
import type { JsDoc, JsDocTag } from '../core/code-symbol';

/** Reads a `/** … *\/` block into its summary and tags; returns null for other comments. */
export function readJsDoc(commentText: string, line: number): JsDoc | null {
  if (!commentText.startsWith('/**') || commentText.startsWith('/***')) return null;
  const [block] = parseComment(commentText, { spacing: 'preserve' });
  if (!block) return null;
  const doc: JsDoc = {
    summary: block.description.trim(),
    params: [],
    returns: null,
    throws: [],
    examples: [],
    line,
    text: commentText,
  };
  for (const tag of block.tags) {
    switch (tag.tag) {
      case 'param':
      case 'arg':
      case 'argument':
        doc.params.push(toTag(tag.name, tag.type, tag.description));
        break;
      case 'returns':
      case 'return':
        doc.returns = toTag(null, tag.type, joinNameAndDescription(tag.name, tag.description));
        break;
      case 'throws':
      case 'throw':
      case 'exception':
        doc.throws.push(toTag(null, tag.type, joinNameAndDescription(tag.name, tag.description)));
        break;
      case 'example':
        doc.examples.push(exampleOf(tag.source, line));
        break;
      default:
        break;
    }
  }
  return doc;
}

function toTag(name: string | null, type: string, description: string): JsDocTag {
  return { name: name || null, type: type || null, description: description.trim() };
}

/** comment-parser reads the first word of @returns as a name; for @returns there is none. */
function joinNameAndDescription(name: string, description: string): string {
  return [name, description].filter(Boolean).join(' ').trim();
}

/**
 * The code of an @example tag: its lines without the comment's ` * ` margin, the tag itself
 * or a Markdown fence, with the line of its first code line.
 */
function exampleOf(source: { number: number; source: string }[], commentLine: number) {
  const body = source.map((s) => ({
    line: commentLine + s.number,
    text: s.source
      .replace(/^\s*\/\*\*\s?/, '')
      .replace(/\s*\*\/\s*$/, '')
      .replace(/^\s*\* ?/, ''),
  }));
  if (body[0]) body[0].text = body[0].text.replace(/^\s*@example\s?/, '');
  const isNoise = (text: string) => text.trim() === '' || /^\s*```\w*\s*$/.test(text);
  while (body.length && isNoise(body[0]!.text)) body.shift();
  while (body.length && isNoise(body[body.length - 1]!.text)) body.pop();
  return { text: body.map((b) => b.text).join('\n'), line: body[0]?.line ?? commentLine };
}
