import { contentHash } from '../core/content-hash';
import type { RequirementSource } from '../core/requirement';

const BRACKETED = /\[([A-Z][A-Z0-9]{0,7}-\d+)\]/;
const LABELLED = /\b((?:REQ|FR|NFR|US)-\d+)\b/;
const LEADING = /^([A-Z][A-Z0-9]{0,7}-\d+)\b[:.)\s-]/;

const PREFIX: Record<RequirementSource, string> = {
  markdown: 'doc',
  jsdoc: 'jsdoc',
  gherkin: 'feature',
};

/**
 * The id a passage writes for itself (`REQ-12`, `[R-7]`, a heading that starts `FR-3:`),
 * or null. Words like `UTF-8` are not ids: an unbracketed id must be labelled or lead.
 */
export function writtenId(heading: string, body: string): string | null {
  for (const text of [heading, body]) {
    const match = LEADING.exec(text.trim()) ?? BRACKETED.exec(text) ?? LABELLED.exec(text);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** An id derived from the text alone, so it survives moves and stays stable for unchanged text. */
export function derivedId(source: RequirementSource, key: string, text: string): string {
  return `${PREFIX[source]}-${contentHash(`${key}\n${text.replace(/\s+/g, ' ').trim()}`, 10)}`;
}

/** Gives each requirement a unique id: the written one first, then a derived one on a clash. */
export class RequirementIdAllocator {
  private readonly taken = new Set<string>();

  allocate(source: RequirementSource, written: string | null, key: string, text: string): string {
    if (written && !this.taken.has(written)) return this.take(written);
    let id = derivedId(source, key, text);
    for (let n = 2; this.taken.has(id); n += 1) id = `${derivedId(source, key, text)}-${n}`;
    return this.take(id);
  }

  private take(id: string): string {
    this.taken.add(id);
    return id;
  }
}
