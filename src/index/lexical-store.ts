import { topK, type ScoredDoc } from './top-k';
import { tokenize } from './tokenize';

export type LexicalHit = ScoredDoc;

export interface LexicalDoc {
  label: number;
  name: string;
  text: string;
}

/** BM25's usual constants (Robertson & Zaragoza): term saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** A symbol's name says more than a passing mention in its body. */
const NAME_WEIGHT = 3;
/** A term in more than 1/COMMON_FRACTION of the documents is common (see search). */
const COMMON_FRACTION = 50;

/**
 * BM25 over identifier-aware terms, with postings in flat typed arrays (CSR layout).
 *
 * Why not a library: MiniSearch, the best-kept BM25 package we found, measured p95 381 ms per
 * query and 2.7 GB peak RSS at 104k chunks (bench:index), since it keeps a Map per term and
 * builds a result object per matching document. Scoring into one Float32Array and selecting
 * the top k with a small heap keeps a query in the low milliseconds at that size.
 */
export class Bm25LexicalStore {
  private constructor(
    private readonly terms: Map<string, number>,
    private readonly offsets: Uint32Array,
    private readonly postingDocs: Uint32Array,
    private readonly postingWeights: Float32Array,
    private readonly docLengths: Float32Array,
    private readonly scratch = new Float32Array(docLengths.length),
    /** BM25's length normalisation per document, fixed once the corpus is. */
    private readonly docNorms = lengthNorms(docLengths),
  ) {}

  /** Indexes the documents, whose labels must be their positions 0..n-1. */
  static build(docs: LexicalDoc[]): Bm25LexicalStore {
    const terms = new Map<string, number>();
    const pairs = new GrowingPairs();
    const docLengths = new Float32Array(docs.length);
    for (const [position, doc] of docs.entries()) {
      if (doc.label !== position)
        throw new Error(`lexical documents must come in label order: ${doc.label} at ${position}`);
      const counts = new Map<number, number>();
      const add = (term: string, weight: number) => {
        let id = terms.get(term);
        if (id === undefined) {
          id = terms.size;
          terms.set(term, id);
        }
        counts.set(id, (counts.get(id) ?? 0) + weight);
      };
      for (const term of tokenize(doc.name)) add(term, NAME_WEIGHT);
      const bodyTerms = tokenize(doc.text);
      for (const term of bodyTerms) add(term, 1);
      docLengths[doc.label] = bodyTerms.length;
      for (const [id, tf] of counts) pairs.push(id, tf);
      pairs.endDocument();
    }
    return Bm25LexicalStore.fromPairs(terms, pairs, docLengths);
  }

  /** Reads what `serialize` wrote. */
  static deserialize(data: { terms: string[]; buffer: Buffer }): Bm25LexicalStore {
    // A file read into Node's buffer pool may start at any byte; typed arrays need 4-byte alignment.
    const bytes = new Uint8Array(data.buffer).buffer;
    const header = new Uint32Array(bytes, 0, 3);
    const [termCount, postingCount, docCount] = [header[0]!, header[1]!, header[2]!];
    let offset = 12;
    const take = <T>(ctor: new (b: ArrayBufferLike, o: number, n: number) => T, n: number): T => {
      const array = new ctor(bytes, offset, n);
      offset += n * 4;
      return array;
    };
    const offsets = take(Uint32Array, termCount + 1);
    const postingDocs = take(Uint32Array, postingCount);
    const postingWeights = take(Float32Array, postingCount);
    const docLengths = take(Float32Array, docCount);
    return new Bm25LexicalStore(
      new Map(data.terms.map((t, i) => [t, i])),
      offsets,
      postingDocs,
      postingWeights,
      docLengths,
    );
  }

  get size(): number {
    return this.docLengths.length;
  }

  search(query: string, k: number): LexicalHit[] {
    const n = this.docLengths.length;
    if (n === 0) return [];
    const touched: number[] = [];
    const scores = this.scratch;
    // Rarest terms first. Once they have named enough candidates, a common term only adds to
    // the candidates' scores: a document that holds nothing but common terms would not reach
    // the top k anyway, and skipping it keeps a query in milliseconds at 100k chunks.
    const ids = [...new Set(tokenize(query))]
      .map((term) => this.terms.get(term))
      .filter((id): id is number => id !== undefined)
      .sort((a, b) => this.df(a) - this.df(b));
    const common = Math.max(n / COMMON_FRACTION, k);
    for (const id of ids) {
      const start = this.offsets[id]!;
      const end = this.offsets[id + 1]!;
      const df = end - start;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const onlyKnown = df > common && touched.length >= k;
      for (let p = start; p < end; p += 1) {
        const doc = this.postingDocs[p]!;
        if (scores[doc] === 0) {
          if (onlyKnown) continue;
          touched.push(doc);
        }
        const tf = this.postingWeights[p]!;
        scores[doc]! += (idf * tf * (K1 + 1)) / (tf + this.docNorms[doc]!);
      }
    }
    const top = topK(touched, scores, k);
    for (const doc of touched) scores[doc] = 0;
    return top;
  }

  private df(id: number): number {
    return this.offsets[id + 1]! - this.offsets[id]!;
  }

  /** The terms as JSON and the postings as one binary buffer. */
  serialize(): { terms: string[]; buffer: Buffer } {
    const arrays = [this.offsets, this.postingDocs, this.postingWeights, this.docLengths];
    const header = Uint32Array.from([
      this.terms.size,
      this.postingDocs.length,
      this.docLengths.length,
    ]);
    const buffer = Buffer.concat(
      [header, ...arrays].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
    );
    return { terms: [...this.terms.keys()], buffer };
  }

  /** Turns per-document (term, weight) pairs into per-term postings by a counting sort. */
  private static fromPairs(
    terms: Map<string, number>,
    pairs: GrowingPairs,
    docLengths: Float32Array,
  ) {
    const offsets = new Uint32Array(terms.size + 1);
    for (let i = 0; i < pairs.length; i += 1) offsets[pairs.terms[i]! + 1]! += 1;
    for (let t = 0; t < terms.size; t += 1) offsets[t + 1]! += offsets[t]!;
    const cursor = offsets.slice(0, terms.size);
    const postingDocs = new Uint32Array(pairs.length);
    const postingWeights = new Float32Array(pairs.length);
    let doc = 0;
    const docEnds = pairs.ends;
    for (let i = 0; i < pairs.length; i += 1) {
      while (i >= docEnds[doc]!) doc += 1;
      const slot = cursor[pairs.terms[i]!]!++;
      postingDocs[slot] = doc;
      postingWeights[slot] = pairs.weights[i]!;
    }
    return new Bm25LexicalStore(terms, offsets, postingDocs, postingWeights, docLengths);
  }
}

function lengthNorms(docLengths: Float32Array): Float32Array {
  let total = 0;
  for (const length of docLengths) total += length;
  const average = Math.max(total / Math.max(docLengths.length, 1), 1);
  return docLengths.map((length) => K1 * (1 - B + (B * length) / average));
}

/** (term, weight) pairs in typed arrays that double as they fill, with where each document ends. */
class GrowingPairs {
  terms = new Uint32Array(1024);
  weights = new Float32Array(1024);
  length = 0;
  /** For each document, the index of its first pair after it. */
  readonly ends: number[] = [];

  push(term: number, weight: number): void {
    if (this.length === this.terms.length) {
      const terms = new Uint32Array(this.length * 2);
      terms.set(this.terms);
      this.terms = terms;
      const weights = new Float32Array(this.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.terms[this.length] = term;
    this.weights[this.length] = weight;
    this.length += 1;
  }

  endDocument(): void {
    this.ends.push(this.length);
  }
}
