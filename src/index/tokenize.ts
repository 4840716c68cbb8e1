const WORD = /[A-Za-z][a-z0-9]*|[A-Z]+(?![a-z])|\d+/g;
const IDENTIFIER = /[A-Za-z_$][\w$]*|\d+/g;

/** Words too common in code and prose to tell two passages apart. */
const STOP_WORDS = new Set(
  'a an the and or of to in on for is are be by as at it its this that with from if else then than when which while what how does do did has have can will would should into each any all not no so such there their them they we you your our one return returns const let var function new true false null undefined'.split(
    ' ',
  ),
);

/**
 * Splits text into lower-case terms, breaking identifiers at case and underscores
 * (`parseHttpURL` → parse, http, url) and folding simple plural and verb endings.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const identifier of text.match(IDENTIFIER) ?? []) {
    for (const part of identifier.match(WORD) ?? []) {
      const term = stem(part.toLowerCase());
      if (term.length > 1 && !STOP_WORDS.has(term)) out.push(term);
    }
  }
  return out;
}

/** The identifiers of a text, lower-cased whole: `camelCase` stays one term beside its parts. */
export function identifiers(text: string): string[] {
  return (text.match(IDENTIFIER) ?? [])
    .filter((w) => w.length > 2 && /[a-z][A-Z]|_/.test(w))
    .map((w) => w.toLowerCase());
}

/** A light suffix folding, enough to match "sorts", "sorted" and "sorting" to "sort". */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}
