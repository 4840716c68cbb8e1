import type { Chunk } from './chunk';
import type { Embedder } from './embedder';
import type { Bm25LexicalStore } from './lexical-store';
import type { HnswVectorStore } from './vector-store';

/** One retrieved chunk, best first. */
export interface SearchResult {
  kind: Chunk['kind'];
  id: string;
  file: string;
  line: number;
  name: string | null;
  text: string;
  score: number;
}

/** RRF's k: 60 is the constant of Cormack et al., which damps the top ranks of either list. */
const RRF_K = 60;

/**
 * Fuses vector and BM25 results by reciprocal rank, so that a paraphrase (vector) and an exact
 * identifier (lexical) both reach the top without tuning score scales against each other.
 */
export class HybridRetriever {
  constructor(
    readonly chunks: Chunk[],
    private readonly vectors: HnswVectorStore,
    private readonly lexical: Bm25LexicalStore,
    private readonly embedder: Embedder,
  ) {}

  /**
   * The code chunks that declare `name` (a class, an interface, a type alias), those in
   * `near` first: how a prompt finds the declaration of a collaborator's type.
   */
  declarationsOf(name: string, near?: string): Chunk[] {
    return this.chunks
      .filter((c) => c.kind === 'code' && c.name === name)
      .sort((a, b) => Number(b.file === near) - Number(a.file === near));
  }

  async search(query: string, k = 10, kind?: Chunk['kind']): Promise<SearchResult[]> {
    const [vector] = await this.embedder.embed([query]);
    return this.searchWith(query, vector!, k, kind);
  }

  /** The same search with the query already embedded (the benchmark times retrieval alone). */
  searchWith(query: string, vector: Float32Array, k: number, kind?: Chunk['kind']): SearchResult[] {
    const depth = Math.max(k * 4, 40);
    const scores = new Map<number, number>();
    const addRanks = (labels: number[]) =>
      labels.forEach((label, rank) =>
        scores.set(label, (scores.get(label) ?? 0) + 1 / (RRF_K + rank + 1)),
      );
    addRanks(this.vectors.search(vector, depth).map((h) => h.label));
    addRanks(this.lexical.search(query, depth).map((h) => h.label));
    return [...scores]
      .filter(([label]) => !kind || this.chunks[label]?.kind === kind)
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, k)
      .map(([label, score]) => {
        const chunk = this.chunks[label]!;
        return {
          kind: chunk.kind,
          id: chunk.refId,
          file: chunk.file,
          line: chunk.line,
          name: chunk.name,
          text: chunk.text,
          score,
        };
      });
  }
}
