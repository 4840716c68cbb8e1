import { contentHash } from '../core/content-hash';
import type { Chunk } from './chunk';
import type { Embedder } from './embedder';
import { HybridRetriever } from './hybrid-retriever';
import { FORMAT_VERSION, IndexStore, type StoredIndex } from './index-store';
import { Bm25LexicalStore } from './lexical-store';
import { HnswVectorStore } from './vector-store';

const EMBED_BATCH = 256;

export interface IndexRequest {
  chunks: Chunk[];
  embedder: Embedder;
  store: IndexStore;
  /** Names the repository: its URL, or the real path of a local folder. */
  repoKey: string;
  /** The commit of a clean tree; for a dirty one, derived from the chunks themselves. */
  commit: string;
  dirty: boolean;
}

export interface IndexStats {
  chunks: number;
  /** Chunks whose vectors were computed in this run. */
  embedded: number;
  /** Chunks whose vectors came from an earlier index. */
  reused: number;
  /** True when the index for this tree was on disk already. */
  loaded: boolean;
  dir: string | null;
  embedMs: number;
  buildMs: number;
}

/**
 * Loads the index of this repository, tree and embedder, or builds it. A build starts from the
 * newest index of the same repository, so only chunks whose text changed are embedded again.
 */
export async function buildIndex(
  request: IndexRequest,
): Promise<{ retriever: HybridRetriever; stats: IndexStats }> {
  const { chunks, embedder, store } = request;
  const repoKey = contentHash(request.repoKey, 20);
  const treeKey = request.dirty
    ? `${request.commit}-${contentHash(chunks.map((c) => c.hash).join(','))}`
    : request.commit;
  const existing = await store.load(repoKey, embedder.id, treeKey);
  if (existing && sameChunks(existing.chunks, chunks)) {
    return {
      retriever: new HybridRetriever(existing.chunks, existing.vectors, existing.lexical, embedder),
      stats: {
        chunks: chunks.length,
        embedded: 0,
        reused: chunks.length,
        loaded: true,
        dir: null,
        embedMs: 0,
        buildMs: 0,
      },
    };
  }
  const previous = existing ?? (await store.latest(repoKey, embedder.id));
  const started = Date.now();
  const { vectors, embedded } = await vectorsFor(chunks, embedder, previous);
  const embedMs = Date.now() - started;
  const dimensions = vectors[0]?.length ?? embedder.dimensions;
  const vectorStore = HnswVectorStore.create(dimensions, chunks.length);
  vectors.forEach((v, label) => vectorStore.add(label, v));
  const lexical = Bm25LexicalStore.build(
    chunks.map((c, label) => ({ label, name: c.name ?? '', text: c.text })),
  );
  const index: StoredIndex = {
    meta: {
      version: FORMAT_VERSION,
      embedder: embedder.id,
      dimensions,
      treeKey,
      createdAt: new Date().toISOString(),
      chunks: chunks.length,
    },
    chunks,
    vectors: vectorStore,
    lexical,
  };
  const dir = await store.save(repoKey, index);
  return {
    retriever: new HybridRetriever(chunks, vectorStore, lexical, embedder),
    stats: {
      chunks: chunks.length,
      embedded,
      reused: chunks.length - embedded,
      loaded: false,
      dir,
      embedMs,
      buildMs: Date.now() - started,
    },
  };
}

function sameChunks(a: Chunk[], b: Chunk[]): boolean {
  return (
    a.length === b.length &&
    a.every((chunk, i) => chunk.hash === b[i]?.hash && chunk.id === b[i]?.id)
  );
}

async function vectorsFor(chunks: Chunk[], embedder: Embedder, previous: StoredIndex | null) {
  const known = new Map<string, number>();
  previous?.chunks.forEach((c, label) => known.set(c.hash, label));
  const vectors: Float32Array[] = new Array<Float32Array>(chunks.length);
  const missing: number[] = [];
  chunks.forEach((chunk, i) => {
    const label = known.get(chunk.hash);
    if (previous && label !== undefined) vectors[i] = previous.vectors.vector(label);
    else missing.push(i);
  });
  for (let start = 0; start < missing.length; start += EMBED_BATCH) {
    const batch = missing.slice(start, start + EMBED_BATCH);
    const embedded = await embedder.embed(batch.map((i) => chunks[i]!.text));
    batch.forEach((i, j) => (vectors[i] = embedded[j]!));
  }
  return { vectors, embedded: missing.length };
}
