import { Bm25LexicalStore } from '../../src/index/lexical-store';

const docs = [
  { label: 0, name: 'camelCase', text: 'Converts words separated by dashes to camelCase.' },
  {
    label: 1,
    name: 'kebabCase',
    text: 'Converts text to kebab-case: lower-case words joined by dashes.',
  },
  { label: 2, name: '', text: 'The stack is last in, first out. Popping an empty stack throws.' },
  { label: 3, name: 'wordCount', text: 'Counts the words of a text.' },
];

describe(Bm25LexicalStore.name, () => {
  it('ranks the document whose name holds the query term first', () => {
    const store = Bm25LexicalStore.build(docs);
    expect(store.search('kebab', 4).map((h) => h.label)).toEqual([1]);
    const words = store.search('words', 4);
    expect(words[0]!.label).toBe(3);
    expect(words.map((h) => h.label).sort()).toEqual([0, 1, 3]);
  });

  it('weighs rare terms above common ones, and returns scores best first', () => {
    const store = Bm25LexicalStore.build(docs);
    const hits = store.search('converts empty stack', 4);
    expect(hits[0]!.label).toBe(2);
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
  });

  it('returns at most k hits, and none for unknown terms', () => {
    const store = Bm25LexicalStore.build(docs);
    expect(store.search('converts words', 1)).toHaveLength(1);
    expect(store.search('zeppelin', 5)).toEqual([]);
  });

  it('gives the same results after a round trip through its serialized form, at any buffer offset', () => {
    const store = Bm25LexicalStore.build(docs);
    const { terms, buffer } = store.serialize();
    const shifted = Buffer.concat([Buffer.from([7]), buffer]).subarray(1);
    const loaded = Bm25LexicalStore.deserialize({ terms, buffer: shifted });
    expect(loaded.search('dashes words stack', 4)).toEqual(store.search('dashes words stack', 4));
    expect(loaded.size).toBe(4);
  });

  it('leaves no score behind between queries', () => {
    const store = Bm25LexicalStore.build(docs);
    const first = store.search('stack', 4);
    store.search('words dashes', 4);
    expect(store.search('stack', 4)).toEqual(first);
  });

  it('rejects documents that are not in label order', () => {
    expect(() => Bm25LexicalStore.build([docs[1]!, docs[0]!])).toThrow(/label order/);
  });
});
