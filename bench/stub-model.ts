import type { BookEntry } from './stub-answers';
import type { ChatRequest, ScriptedAnswer } from './stub-server';

/** A survivor as a survivor prompt names it. */
export interface NamedSurvivor {
  id: number;
  code: string;
  original: string;
}

/** The survivors a survivor prompt names, in its order; none in a first-pass prompt. */
export function survivorsIn(prompt: string): NamedSurvivor[] {
  return [...prompt.matchAll(/^- mutant (\d+), line \d+: `(.*)`\n {2}changes `(.*)` to `/gm)].map(
    (m) => ({ id: Number(m[1]), code: m[2]!, original: m[3]! }),
  );
}

/** Tokens as a model's tokenizer counts them, near enough: about four characters each. */
const tokens = (text: string) => Math.ceil(text.length / 4);

/**
 * A stand-in model that answers from an answer book (see stub-answers.ts): the tests of the
 * prompt's target that its tier writes, for the first pass or for the survivors the prompt
 * names. With none to give, it repeats its first-pass test (a survivor round), or answers in
 * prose (the first pass), as a weak model does.
 */
export function bookModel(book: BookEntry[]): (request: ChatRequest) => ScriptedAnswer {
  return (request) => {
    const target = /^Target: (\S+)/m.exec(request.user)?.[1] ?? '';
    const survivors = survivorsIn(request.user);
    const own = book.filter(
      (e) => e.target === target && (e.tier === 'cheap' || request.model === 'strong'),
    );
    const named = (e: BookEntry) =>
      e.kills?.some((k) => survivors.some((s) => s.original.startsWith(k.replace(/\s+/g, ' '))));
    let entries = survivors.length ? own.filter(named) : own.filter((e) => e.first);
    if (entries.length === 0 && survivors.length) entries = own.filter((e) => e.first).slice(0, 1);
    const text = entries.length
      ? testFile(request.user, target, entries)
      : 'I cannot write a useful test for this code.';
    return {
      text,
      promptTokens: tokens(request.system + request.user),
      completionTokens: tokens(text),
    };
  };
}

function testFile(prompt: string, target: string, entries: BookEntry[]): string {
  const importLine = /must start with this import line:\n(.+)/.exec(prompt)?.[1] ?? '';
  const typeImport = /you may import:\n(.+)/.exec(prompt)?.[1];
  const requirement = /^\[([^\]]+)\] \(/m.exec(prompt)?.[1];
  return [
    '```ts',
    importLine,
    ...(typeImport ? [typeImport] : []),
    '',
    `describe('${target}', () => {`,
    ...entries.flatMap((e) => [
      ...(requirement ? [`  // requirement: ${requirement}`] : []),
      `  it('${e.name}', async () => {`,
      ...e.body.map((line) => `    ${line}`),
      '  });',
      '',
    ]),
    '});',
    '```',
  ].join('\n');
}
