import type { CodeSymbol } from '../core/code-symbol';
import type { Requirement } from '../core/requirement';

/** What a change did to one file: added whole, deleted whole, or these line ranges of its new text. */
export interface FileChange {
  added: boolean;
  /** The change deleted the file: it has no new text, and its lines are empty. */
  deleted?: boolean;
  /** 1-based, inclusive, in the file as the job reads it. */
  lines: [number, number][];
}

/**
 * The files and lines that `git diff --unified=0` says changed, by their new path; files that
 * git does not track yet (`untracked`) count as added. A deleted file is listed by its old path,
 * with no lines: it has no new text, so it touches no target, but the tests written for it go
 * with it. A hunk that only deletes lines touches the lines on either side of the cut.
 */
export function parseDiff(diff: string, untracked: string[] = []): Map<string, FileChange> {
  const changes = new Map<string, FileChange>();
  let current: FileChange | null = null;
  let fromNothing = false;
  let from: string | undefined;
  // File headers come between `diff --git` and the first hunk; a changed line that starts
  // with `--- ` or `+++ ` is content, not a header.
  let header = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      header = true;
      current = null;
      continue;
    }
    if (header && line.startsWith('--- ')) {
      fromNothing = line === '--- /dev/null';
      from = /^--- a\/(.*)$/.exec(line)?.[1];
      continue;
    }
    const file = header ? /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/.exec(line) : null;
    if (file) {
      header = false;
      if (file[1] === undefined) {
        current = null;
        if (from !== undefined) changes.set(from, { added: false, deleted: true, lines: [] });
      } else {
        current = { added: fromNothing, lines: [] };
        changes.set(file[1], current);
      }
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (hunk && current) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      current.lines.push(count === 0 ? [start, start + 1] : [start, start + count - 1]);
    }
  }
  for (const file of untracked) changes.set(file, { added: true, lines: [] });
  return changes;
}

const overlaps = (ranges: [number, number][], from: number, to: number) =>
  ranges.some(([start, end]) => start <= to && end >= from);

/** Whether a changed line in [from, to] holds text (any line, without the file's text). */
function saysSomething(
  ranges: [number, number][],
  from: number,
  to: number,
  now: string | undefined,
): boolean {
  if (now === undefined) return overlaps(ranges, from, to);
  const lines = now.split('\n');
  return ranges.some(([start, end]) => {
    for (let line = Math.max(start, from); line <= Math.min(end, to); line += 1)
      if (lines[line - 1]?.trim()) return true;
    return false;
  });
}

const within = (ranges: [number, number][], from: number, to: number) =>
  ranges.some(([start, end]) => start <= from && end >= to);

/** A changed file's text before the change (null when it was added) and now. */
export type FileTexts = (file: string) => { before: string | null; now: string } | null;

const linesOf = (text: string, from: number, to: number) =>
  text
    .split('\n')
    .slice(from - 1, to)
    .join('\n');

/**
 * The symbols a change touched, each with why: its code changed, it is new (its file was
 * added, or the change adds it), its JSDoc changed, or a requirement that states an example of
 * it changed. A diff can place a hunk across a neighbour's edge (an insertion after a function
 * that ends like the inserted one); with the files' texts, a symbol whose text is in the file
 * as it was is not counted changed, and one whose name the file did not have is new.
 */
export function changedSymbols(
  symbols: CodeSymbol[],
  requirements: Requirement[],
  changes: Map<string, FileChange>,
  texts: FileTexts = () => null,
): Map<string, string[]> {
  const why = new Map<string, string[]>();
  const add = (id: string, reason: string) => {
    const reasons = why.get(id) ?? [];
    if (!reasons.includes(reason)) why.set(id, [...reasons, reason]);
  };
  const added = new Set<string>();
  for (const symbol of symbols) {
    const change = changes.get(symbol.file);
    if (!change) continue;
    const doc = symbol.jsdoc;
    const text = change.added ? null : texts(symbol.file);
    const code = text && linesOf(text.now, symbol.line, symbol.endLine);
    // Its code as it was, and its JSDoc untouched or, with it, as it was (a deletion's cut
    // touches the line after it, which may open the next function's JSDoc).
    const whole = text && doc && linesOf(text.now, doc.line, symbol.endLine);
    if (
      text?.before != null &&
      code &&
      text.before.includes(code) &&
      (!(doc && overlaps(change.lines, doc.line, symbol.line - 1)) ||
        (whole && text.before.includes(whole)))
    )
      continue;
    const named =
      text?.before != null && new RegExp(`\\b${escapeName(symbol.name)}\\b`).test(text.before);
    if (
      change.added ||
      (text?.before != null && !named) ||
      within(change.lines, doc?.line ?? symbol.line, symbol.endLine)
    ) {
      // New: its JSDoc and its examples are new with it, not changes of their own.
      added.add(symbol.id);
      add(symbol.id, change.added ? `new: ${symbol.file} was added` : 'new: the change adds it');
      continue;
    }
    if (overlaps(change.lines, symbol.line, symbol.endLine))
      add(symbol.id, `its code changed (${symbol.file}:${symbol.line}-${symbol.endLine})`);
    if (doc && overlaps(change.lines, doc.line, symbol.line - 1))
      add(symbol.id, `its JSDoc changed (${symbol.file}:${doc.line})`);
  }
  for (const requirement of requirements) {
    const change = changes.get(requirement.file);
    if (!change) continue;
    // A blank line the change adds at a section's edge (before the next heading) changes
    // nothing the section says.
    const now = texts(requirement.file)?.now;
    if (!change.added && !saysSomething(change.lines, requirement.line, requirement.endLine, now))
      continue;
    // An edited example touches its own function; edited prose, every function it states.
    const edited = requirement.examples.filter(
      (e) => change.added || overlaps(change.lines, e.line, e.line),
    );
    for (const example of edited.length ? edited : requirement.examples)
      if (example.symbolId && !added.has(example.symbolId))
        add(
          example.symbolId,
          edited.length
            ? `its stated example changed (${requirement.file}:${example.line})`
            : `the requirement that states its example changed (${requirement.file}:${requirement.line})`,
        );
  }
  return why;
}

const escapeName = (name: string) => name.replace(/[$]/g, '\\$');
