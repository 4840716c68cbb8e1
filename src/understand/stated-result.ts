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
    if (isValueText(text, parser)) {
      const printed = printedReading(text);
      return { kind: 'value', text, approximate, ...(printed ? { asPrinted: printed } : {}) };
    }
  }
  // `snake('green fish') // => green_fish`: one word after a result marker, as printed.
  if (marker && UNQUOTED.test(rest)) {
    const quoted = quote(rest);
    return { kind: 'value', text: quoted, approximate: false, asPrinted: quoted, unquoted: true };
  }
  return null;
}

/** One word with no quotes, brackets or spaces: output as a console prints a string. */
const UNQUOTED = /^[^\s'"`()[\]{},;]+$/;

/** Whether the comments open with a result marker (`=>`, `returns`): they mean to state one. */
export function statesResult(comments: string[]): boolean {
  return comments.length > 0 && RESULT_MARKER.test(comments[0]!.trim());
}

/** What a JavaScript string literal may escape; any other `\x` is printed output's backslash. */
const ESCAPES = new Set(['\\', "'", '"', '`', 'b', 'f', 'n', 'r', 't', 'v', '0', 'x', 'u', '\n']);

/**
 * A quoted string whose backslashes escape nothing JavaScript knows (`'\[a\]'`) is output as a
 * console printed it, the backslashes part of the value: that reading as a string literal.
 */
function printedReading(text: string): string | null {
  const literal = /^(['"])([\s\S]*)\1$/.exec(text);
  if (!literal) return null;
  const body = literal[2]!;
  const escapes = [...body.matchAll(/\\([\s\S])/g)].map((m) => m[1]!);
  if (escapes.length === 0 || escapes.every((c) => ESCAPES.has(c))) return null;
  return quote(body);
}

/** A string as a single-quoted JavaScript literal. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
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
