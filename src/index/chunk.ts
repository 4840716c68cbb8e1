import type { CodeSymbol, TypeDeclaration } from '../core/code-symbol';
import { contentHash } from '../core/content-hash';
import type { Requirement } from '../core/requirement';

/** One unit of retrieval: a symbol's code with its doc, or a requirement passage. */
export interface Chunk {
  /** Unique within an index: `code:<symbol id>` or `req:<requirement id>`. */
  id: string;
  kind: 'code' | 'requirement';
  /** The symbol's or the requirement's id. */
  refId: string;
  file: string;
  line: number;
  /** The symbol's name (`Class.method` for methods); null for requirements. */
  name: string | null;
  text: string;
  /** Hash of the text: an unchanged chunk keeps its embedding across commits. */
  hash: string;
}

/** Long classes and sections are cut here: their opening carries what retrieval needs. */
const MAX_CHUNK_CHARS = 4000;

/**
 * Builds one chunk per symbol (its doc and code), one per type declaration (the interfaces of
 * collaborators) and one per requirement passage.
 */
export function buildChunks(
  symbols: CodeSymbol[],
  requirements: Requirement[],
  sources: ReadonlyMap<string, string>,
  declarations: TypeDeclaration[] = [],
): Chunk[] {
  const chunks: Chunk[] = [];
  for (const d of declarations) chunks.push(chunk('code', d.id, d.file, d.line, d.name, d.text));
  const linesOf = new Map<string, string[]>();
  for (const symbol of symbols) {
    let lines = linesOf.get(symbol.file);
    if (!lines) {
      lines = (sources.get(symbol.file) ?? '').split('\n');
      linesOf.set(symbol.file, lines);
    }
    const name = symbol.className ? `${symbol.className}.${symbol.name}` : symbol.name;
    const code = lines.slice(symbol.line - 1, symbol.endLine).join('\n');
    const doc = symbol.jsdoc && symbol.jsdoc.line < symbol.line ? `${symbol.jsdoc.text}\n` : '';
    chunks.push(chunk('code', symbol.id, symbol.file, symbol.line, name, `${doc}${code}`));
  }
  for (const requirement of requirements) {
    const heading = requirement.headingPath.join(' > ');
    const text =
      heading && !requirement.text.includes(heading)
        ? `${heading}\n${requirement.text}`
        : requirement.text;
    chunks.push(
      chunk('requirement', requirement.id, requirement.file, requirement.line, null, text),
    );
  }
  return chunks;
}

function chunk(
  kind: Chunk['kind'],
  refId: string,
  file: string,
  line: number,
  name: string | null,
  text: string,
): Chunk {
  const cut = text.length > MAX_CHUNK_CHARS ? text.slice(0, MAX_CHUNK_CHARS) : text;
  return {
    id: `${kind === 'code' ? 'code' : 'req'}:${refId}`,
    kind,
    refId,
    file,
    line,
    name,
    text: cut,
    hash: contentHash(`${kind}\n${name ?? ''}\n${cut}`),
  };
}
