import type { Expectation } from '../core/requirement';
import type { SourceParser } from './source-parser';
import { isValueText } from './value-text';

/** Markers that introduce a stated result in a comment: `=>`, `→`, `returns`, `result will be`. */
const RESULT_MARKER =
  /^(?:=+>|-+>|→|⇒|returns?\b:?|result(?:\s+will\s+be|\s+is)?\s*:|result\s+will\s+be|output\s*:|gives\b:?)\s*/i;
const APPROXIMATE = /^(?:~|≈|about\b|approximately\b|approx\.?|roughly\b)\s*/i;
const THROWS =
  /^(?:throws?|raises?|will\s+throw|->\s*throws?)\b\s*(?:an?\s+)?`?([A-Z][\w$]*)?`?(?:\s*[:(]\s*['"]?([^'")]*)['"]?\)?)?/i;
const ERROR_VALUE = /^(?:Uncaught\s+)?([A-Z][\w$]*(?:Error|Exception))\b(?::\s*(.*))?$/;

/** What the comments after a statement state about its result, or null when they state nothing. */
export function statedResult(comments: string[], parser: SourceParser): Expectation | null {
  if (comments.length === 0) return null;
  const first = comments[0]!.trim();
  const marker = RESULT_MARKER.exec(first);
  let rest = marker ? first.slice(marker[0].length).trim() : first;
  const thrown = THROWS.exec(rest);
  if (thrown)
    return {
      kind: 'throws',
      errorType: errorTypeOf(thrown[1]),
      message: thrown[2]?.trim() || null,
    };
  const errorValue = ERROR_VALUE.exec(rest);
  if (marker && errorValue)
    return {
      kind: 'throws',
      errorType: errorValue[1] ?? null,
      message: errorValue[2]?.trim() || null,
    };
  const approximate = APPROXIMATE.test(rest);
  rest = rest.replace(APPROXIMATE, '').replace(/;\s*$/, '');
  // A stated object or array may run over several comment lines.
  for (let count = 1; count <= comments.length; count += 1) {
    const text = [rest, ...comments.slice(1, count).map((c) => c.trim())]
      .join('\n')
      .replace(/;\s*$/, '');
    if (isValueText(text, parser)) return { kind: 'value', text, approximate };
  }
  return null;
}

function errorTypeOf(name: string | undefined): string | null {
  return name && /(?:Error|Exception)$/.test(name) ? name : null;
}

export function commentBody(text: string): string {
  if (text.startsWith('//')) return text.slice(2);
  return text
    .replace(/^\/\*+/, '')
    .replace(/\*+\/$/, '')
    .replace(/^\s*\*\s?/gm, '');
}

/** A line that starts with `>` is no JavaScript: the block is a doctest transcript. */
export function isDoctest(code: string): boolean {
  return /^\s*>\s?\S/m.test(code);
}

/**
 * Rewrites a doctest (`> call` then the value on the next line) as `call //=> value`, keeping
 * every line where it was so that line numbers still point into the source.
 */
export function doctestToComments(code: string): string {
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const prompt = /^\s*>\s?(.*)$/.exec(lines[i]!);
    if (!prompt) continue;
    const next = lines[i + 1];
    if (next === undefined || next.trim() === '' || /^\s*>/.test(next)) {
      lines[i] = prompt[1]!;
      continue;
    }
    const error = ERROR_VALUE.exec(next.trim());
    lines[i] = `${prompt[1]} //=> ${error ? `throws ${error[1]}` : next.trim()}`;
    lines[i + 1] = '';
  }
  return lines.join('\n');
}
