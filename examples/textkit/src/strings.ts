/**
 * Converts words separated by spaces, dashes or underscores to camelCase.
 * @param input The text to convert.
 * @returns The camelCased text.
 * @example
 * camelCase('foo-bar') //=> 'fooBar'
 */
export function camelCase(input: string): string {
  const words = input.split(/[\s_-]+/).filter(Boolean);
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
}

/**
 * Converts text to kebab-case: lower-case words joined by dashes.
 * @example
 * kebabCase('Hello World') //=> 'hello-world'
 */
export function kebabCase(input: string): string {
  return input
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join('-');
}

/**
 * Cuts text to at most `max` characters, ending with an ellipsis when it was cut.
 * @throws {RangeError} when max is smaller than the ellipsis.
 */
export function truncate(text: string, max: number, ellipsis = '…'): string {
  if (max < ellipsis.length) throw new RangeError('max must leave room for the ellipsis');
  if (text.length <= max) return text;
  return text.slice(0, max - ellipsis.length) + ellipsis;
}

/** Counts the words of a text; runs of white space separate words. */
export function wordCount(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Tells whether a text reads the same backwards, ignoring case, spaces and punctuation. */
export function isPalindrome(text: string): boolean {
  const letters = text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return letters === [...letters].reverse().join('');
}

/** Makes a URL slug: lower case, ASCII letters and digits, single dashes. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Upper-cases the first letter of a text and leaves the rest as it is. */
export const capitalize = (text: string): string => (text ? text[0]!.toUpperCase() + text.slice(1) : text);

/** The initials of a person's name, upper case, at most three letters. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((part) => part[0]!.toUpperCase())
    .join('');
}

/** Hides all but the last `visible` characters of a secret behind asterisks. */
export function mask(secret: string, visible = 4): string {
  if (secret.length <= visible) return secret;
  return '*'.repeat(secret.length - visible) + secret.slice(-visible);
}

/** The edit distance between two texts: the fewest insertions, deletions or substitutions. */
export function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Wraps text into lines of at most `width` characters, breaking between words. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
