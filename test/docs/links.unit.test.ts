import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** The README and every page under docs/: what a reader of a fresh clone follows. */
const PAGES = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchor(m[1]!)));
}

/** Each link of a page that is not to the web: its target file and anchor. */
function localLinks(page: string): { text: string; file: string; hash: string | null }[] {
  const text = readFileSync(path.join(ROOT, page), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => {
      const [where, hash] = target.split('#');
      return {
        text: target,
        file: where ? path.join(ROOT, path.dirname(page), where) : path.join(ROOT, page),
        hash: hash ?? null,
      };
    });
}

describe('the README and docs/', () => {
  it.each(PAGES)('%s links only to files and headings inside the repository', (page) => {
    const links = localLinks(page);
    const broken = links.filter(
      (l) =>
        !l.file.startsWith(ROOT + path.sep) ||
        !existsSync(l.file) ||
        (l.hash !== null && !anchorsOf(l.file).has(l.hash)),
    );
    expect(broken.map((l) => l.text)).toEqual([]);
  });

  it('finds the links and headings it checks', () => {
    expect(localLinks('README.md').map((l) => l.text)).toEqual(
      expect.arrayContaining(['docs/design.md', '#the-service']),
    );
    expect(localLinks('README.md').find((l) => l.text === '../shared/DESIGN.md')).toBeUndefined();
    expect(anchorsOf(path.join(ROOT, 'README.md'))).toContain('the-runner-and-its-gates');
  });
});
