/**
 * A value that a test run captured, as JSON can carry it (see CAPTURE_HELPER in
 * example-tests.ts): strings, numbers as text (so that -0, NaN and Infinity survive), arrays,
 * plain objects' entries, and what else only as its printed form.
 */
export type ValueShape =
  | { s: string }
  | { n: string }
  | { b: string }
  | { v: boolean | null }
  | { u: 1 }
  | { a: ValueShape[] }
  | { k: [string, ValueShape][] }
  | { d: string }
  | { o: string };

/** How the docs printed a value: the quote they put around strings. */
export interface PrintStyle {
  quote: "'" | '"' | '`';
}

/** The style of a value as the docs wrote it: the first quote it uses, else a single quote. */
export function styleOf(written: string): PrintStyle {
  const quote = /['"`]/.exec(written)?.[0];
  return { quote: quote === '"' || quote === '`' ? quote : "'" };
}

/** A captured value printed as the docs print theirs: `'123'`, `[0, -1]`, `{ a: 1 }`. */
export function printLike(shape: ValueShape, style: PrintStyle): string {
  if ('s' in shape) return quoted(shape.s, style.quote);
  if ('n' in shape) return shape.n;
  if ('b' in shape) return `${shape.b}n`;
  if ('v' in shape) return String(shape.v);
  if ('u' in shape) return 'undefined';
  if ('a' in shape) return `[${shape.a.map((v) => printLike(v, style)).join(', ')}]`;
  if ('k' in shape)
    return shape.k.length === 0
      ? '{}'
      : `{ ${shape.k.map(([k, v]) => `${key(k, style)}: ${printLike(v, style)}`).join(', ')} }`;
  if ('d' in shape) return `new Date(${quoted(shape.d, style.quote)})`;
  return shape.o;
}

function quoted(text: string, quote: PrintStyle['quote']): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

function key(name: string, style: PrintStyle): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quoted(name, style.quote);
}

/** At most this many differences are named; the rest are counted. */
const MAX_DIFFERENCES = 5;

/**
 * What differs between the value the docs state and the one the code gives, in words a
 * developer can act on: where two strings part, which elements or keys differ, and when two
 * strings differ only in Unicode normalisation or two numbers only in floating-point precision.
 */
export function describeDifference(
  expected: ValueShape,
  received: ValueShape,
  style: PrintStyle,
): string[] {
  const found: string[] = [];
  compare(expected, received, '', style, found);
  if (found.length <= MAX_DIFFERENCES) return found;
  return [...found.slice(0, MAX_DIFFERENCES), `and ${found.length - MAX_DIFFERENCES} more`];
}

function compare(
  expected: ValueShape,
  received: ValueShape,
  at: string,
  style: PrintStyle,
  found: string[],
): void {
  const where = at ? `at ${at}: ` : '';
  if ('s' in expected && 's' in received) {
    if (expected.s === received.s) return;
    if (expected.s.normalize('NFC') === received.s.normalize('NFC'))
      found.push(
        `${where}the strings differ only in Unicode normalisation: the docs write ${form(expected.s)}, the code gives ${form(received.s)}.`,
      );
    else found.push(`${where}${stringDifference(expected.s, received.s, style)}`);
    return;
  }
  if ('n' in expected && 'n' in received) {
    if (expected.n === received.n) return;
    const [a, b] = [Number(expected.n), Number(received.n)];
    const close = Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    found.push(
      close
        ? `${where}the numbers differ only in floating-point precision (${expected.n} and ${received.n}).`
        : `${where}the docs say ${expected.n}, the code gives ${received.n}.`,
    );
    return;
  }
  if ('a' in expected && 'a' in received) {
    if (expected.a.length !== received.a.length)
      found.push(
        `${where}the docs list ${expected.a.length} element(s), the code gives ${received.a.length}.`,
      );
    const shared = Math.min(expected.a.length, received.a.length);
    for (let i = 0; i < shared; i += 1)
      compare(expected.a[i]!, received.a[i]!, `${at}[${i}]`, style, found);
    return;
  }
  if ('k' in expected && 'k' in received) {
    const theirs = new Map(received.k);
    const ours = new Map(expected.k);
    for (const [name, value] of expected.k) {
      const other = theirs.get(name);
      const path = at ? `${at}.${name}` : name;
      if (!other) found.push(`${path} is missing from what the code gives.`);
      else compare(value, other, path, style, found);
    }
    for (const [name] of received.k)
      if (!ours.has(name)) found.push(`${at ? `${at}.` : ''}${name} is not in what the docs say.`);
    return;
  }
  if (JSON.stringify(expected) !== JSON.stringify(received))
    found.push(
      `${where}the docs say ${printLike(expected, style)}, the code gives ${printLike(received, style)}.`,
    );
}

/** Where two strings part, with a little of each around that point. */
function stringDifference(expected: string, received: string, style: PrintStyle): string {
  let i = 0;
  while (i < expected.length && i < received.length && expected[i] === received[i]) i += 1;
  const around = (text: string) =>
    `${i > 8 ? '…' : ''}${text.slice(Math.max(0, i - 8), i + 12)}${i + 12 < text.length ? '…' : ''}`;
  return `the strings part at character ${i + 1}: the docs have ${quoted(around(expected), style.quote)}, the code ${quoted(around(received), style.quote)}.`;
}

/** A string by its code points, to show a difference the eye cannot: `e + U+0301`. */
function form(text: string): string {
  return [...text]
    .map((c) =>
      /[\p{L}\p{N}\p{P}\p{S} ]/u.test(c) && !/\p{M}/u.test(c)
        ? c
        : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    )
    .join(' + ');
}
