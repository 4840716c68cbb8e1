import MiniSearch from 'minisearch';
import { tokenize } from './tokenize';

export interface LexicalHit {
  label: number;
  score: number;
}

interface LexicalDoc {
  label: number;
  name: string;
  text: string;
}

const OPTIONS = {
  idField: 'label',
  fields: ['name', 'text'],
  tokenize,
  // Terms arrive lower-cased and stemmed from tokenize; MiniSearch must not change them.
  processTerm: (term: string) => term,
  searchOptions: { boost: { name: 3 }, combineWith: 'OR' as const },
};

/** BM25 over identifier-aware terms, through MiniSearch (whose score is BM25+). */
export class Bm25LexicalStore {
  private constructor(private readonly index: MiniSearch<LexicalDoc>) {}

  static create(): Bm25LexicalStore {
    return new Bm25LexicalStore(new MiniSearch<LexicalDoc>(OPTIONS));
  }

  static load(json: string): Bm25LexicalStore {
    return new Bm25LexicalStore(MiniSearch.loadJSON<LexicalDoc>(json, OPTIONS));
  }

  addAll(docs: LexicalDoc[]): void {
    this.index.addAll(docs);
  }

  search(query: string, k: number): LexicalHit[] {
    return this.index
      .search(query)
      .slice(0, k)
      .map((r) => ({ label: r.id as number, score: r.score }));
  }

  toJSON(): string {
    return JSON.stringify(this.index);
  }
}
