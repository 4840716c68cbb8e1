import type { Requirement } from '../../src/core/requirement';
import { changedSymbols, parseDiff } from '../../src/plan/changed-targets';
import { aSymbol } from '../helpers/factories';

/** As `git diff --unified=0 --no-renames` prints it. */
const DIFF = `diff --git a/src/strings.ts b/src/strings.ts
index 1111111..2222222 100644
--- a/src/strings.ts
+++ b/src/strings.ts
@@ -12 +12 @@ export const slugify = (text: string) =>
-  return text.slice(1);
+--- not a header, a changed line
@@ -30,0 +31,4 @@ export const trim = (t: string) => t;
+export const pad = (t: string) => t;
+++ b/also-content.ts
+
+
diff --git a/README.md b/README.md
--- a/README.md
+++ b/README.md
@@ -40,2 +40 @@ ## slugify
-slugify('A B') //=> 'a-b'
-
+slugify('A B') //=> 'a_b'
diff --git a/src/gone.ts b/src/gone.ts
deleted file mode 100644
--- a/src/gone.ts
+++ /dev/null
@@ -1,3 +0,0 @@
-export const gone = 1;
diff --git a/src/new.ts b/src/new.ts
new file mode 100644
--- /dev/null
+++ b/src/new.ts
@@ -0,0 +1,2 @@
+export const fresh = 1;
+export const newer = 2;
`;

describe(parseDiff.name, () => {
  it('reads the new side of each hunk, added files whole, and deleted files by their old path', () => {
    const changes = parseDiff(DIFF, ['src/untracked.ts']);
    expect(Object.fromEntries(changes)).toEqual({
      'src/strings.ts': {
        added: false,
        lines: [
          [12, 12],
          [31, 34],
        ],
      },
      'README.md': { added: false, lines: [[40, 40]] },
      'src/gone.ts': { added: false, deleted: true, lines: [] },
      'src/new.ts': { added: true, lines: [[1, 2]] },
      'src/untracked.ts': { added: true, lines: [] },
    });
  });

  it('counts a hunk that only deletes as touching the lines on either side of the cut', () => {
    const diff = `diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -5,2 +4,0 @@\n-x\n-y\n`;
    expect(parseDiff(diff).get('a.ts')?.lines).toEqual([[4, 5]]);
  });
});

describe(changedSymbols.name, () => {
  const slugify = aSymbol({ name: 'slugify', file: 'src/strings.ts', line: 10, endLine: 14 });
  const trim = aSymbol({ name: 'trim', file: 'src/strings.ts', line: 20, endLine: 22 });
  const pad = aSymbol({ name: 'pad', file: 'src/strings.ts', line: 31, endLine: 31 });
  const fresh = aSymbol({ name: 'fresh', file: 'src/new.ts', line: 1, endLine: 1 });
  const documented = aSymbol({
    name: 'documented',
    file: 'src/strings.ts',
    line: 50,
    endLine: 52,
    jsdoc: {
      summary: 'x',
      description: '',
      params: [],
      returns: null,
      examples: [],
      tags: [],
      line: 45,
    },
  } as never);
  const readme = (examples: [string, number][]): Requirement => ({
    id: 'doc-1',
    source: 'markdown',
    file: 'README.md',
    line: 38,
    endLine: 44,
    headingPath: ['slugify'],
    text: '',
    examples: examples.map(([symbolId, line]) => ({
      call: 'x()',
      callee: 'x',
      expected: { kind: 'value', text: '1' } as never,
      setup: [],
      imports: [],
      line,
      symbolId,
    })),
    symbolId: null,
    tables: [],
  });

  it('names each symbol the change touched with why, and no other', () => {
    const changes = parseDiff(DIFF);
    changes.get('src/strings.ts')!.lines.push([46, 46]);
    const why = changedSymbols(
      [slugify, trim, pad, fresh, documented],
      [
        readme([
          [trim.id, 40],
          [pad.id, 43],
        ]),
      ],
      changes,
    );
    expect(Object.fromEntries(why)).toEqual({
      [slugify.id]: ['its code changed (src/strings.ts:10-14)'],
      [pad.id]: ['new: the change adds it'],
      [fresh.id]: ['new: src/new.ts was added'],
      [documented.id]: ['its JSDoc changed (src/strings.ts:45)'],
      // Only the example on the edited line, not the section's other one.
      [trim.id]: ['its stated example changed (README.md:40)'],
    });
  });

  it('names every function a requirement states when only its prose changed', () => {
    const prose = new Map([
      ['README.md', { added: false, lines: [[39, 39]] as [number, number][] }],
    ]);
    const why = changedSymbols(
      [trim, pad],
      [
        readme([
          [trim.id, 40],
          [pad.id, 43],
        ]),
      ],
      prose,
    );
    expect([...why.keys()]).toEqual([trim.id, pad.id]);
    expect(why.get(pad.id)).toEqual([
      'the requirement that states its example changed (README.md:38)',
    ]);
  });

  it('does not count a function a hunk only brushes, when its text is as it was', () => {
    // git may place an inserted function's block across its neighbour's closing brace.
    const before = 'function double(n) {\n  return n * 2;\n}\nmodule.exports = { double };\n';
    const now =
      'function double(n) {\n  return n * 2;\n}\nfunction triple(n) {\n  return n * 3;\n}\nmodule.exports = { double, triple };\n';
    const double = aSymbol({ name: 'double', file: 'src/index.js', line: 1, endLine: 3 });
    const triple = aSymbol({ name: 'triple', file: 'src/index.js', line: 4, endLine: 6 });
    const changes = new Map([
      [
        'src/index.js',
        {
          added: false,
          lines: [
            [3, 5],
            [7, 7],
          ] as [number, number][],
        },
      ],
    ]);
    const why = changedSymbols([double, triple], [], changes, () => ({ before, now }));
    expect(Object.fromEntries(why)).toEqual({ [triple.id]: ['new: the change adds it'] });
  });

  it('does not count a documented function below a function the change deletes', () => {
    // The cut of a deletion touches the line after it: the next function's JSDoc.
    const gone = '/** Gone. */\nexport function gone() {\n  return 0;\n}\n\n';
    const kept = '/** Kept. */\nexport function kept() {\n  return 1;\n}\n';
    const symbol = aSymbol({
      name: 'kept',
      file: 'src/a.ts',
      line: 2,
      endLine: 4,
      jsdoc: {
        summary: 'Kept.',
        description: '',
        params: [],
        returns: null,
        examples: [],
        tags: [],
        line: 1,
      },
    } as never);
    const changes = new Map([
      ['src/a.ts', { added: false, lines: [[0, 1]] as [number, number][] }],
    ]);
    const why = changedSymbols([symbol], [], changes, () => ({ before: gone + kept, now: kept }));
    expect(Object.fromEntries(why)).toEqual({});
    // Its JSDoc edited, it counts.
    const edited = kept.replace('Kept.', 'Kept, edited.');
    const again = changedSymbols(
      [symbol],
      [],
      new Map([['src/a.ts', { added: false, lines: [[1, 1]] as [number, number][] }]]),
      () => ({ before: kept, now: edited }),
    );
    expect(Object.fromEntries(again)).toEqual({ [symbol.id]: ['its JSDoc changed (src/a.ts:1)'] });
  });

  it('does not count a section whose only changed line is a blank one at its edge', () => {
    const now = ['# tiny', '', '## slugify', 'x', 'slugify(1)', '', '## pad'].join('\n');
    const section = { ...readme([[trim.id, 5]]), line: 3, endLine: 6 };
    const edge = new Map([['README.md', { added: false, lines: [[6, 7]] as [number, number][] }]]);
    const texts = () => ({ before: null, now });
    expect(changedSymbols([trim], [section], edge, texts).size).toBe(0);
    const worded = new Map([
      ['README.md', { added: false, lines: [[4, 4]] as [number, number][] }],
    ]);
    expect([...changedSymbols([trim], [section], worded, texts).keys()]).toEqual([trim.id]);
  });
});
