import path from 'node:path';
import type { AttestConfig } from '../core/attest-config';
import type { RepoSnapshot } from '../core/repo-snapshot';
import { buildIndex, type IndexStats } from '../index/build-index';
import { buildChunks } from '../index/chunk';
import type { Embedder } from '../index/embedder';
import { HashedEmbedder } from '../index/hashed-embedder';
import type { HybridRetriever } from '../index/hybrid-retriever';
import { IndexStore } from '../index/index-store';
import { OpenAIEmbedder } from '../index/openai-embedder';
import type { Understanding } from '../understand/understand-repo';

/** The embedder the configuration names: an OpenAI-compatible endpoint, or the local hashed one. */
export function embedderFor(config: AttestConfig): Embedder {
  return config.embedder ? new OpenAIEmbedder(config.embedder) : new HashedEmbedder();
}

/** Loads or builds the hybrid index of a snapshot, persisted under the data directory. */
export async function indexRepository(
  snapshot: RepoSnapshot,
  understanding: Understanding,
  config: AttestConfig,
  embedder: Embedder = embedderFor(config),
): Promise<{ retriever: HybridRetriever; stats: IndexStats }> {
  const chunks = buildChunks(
    understanding.symbols,
    understanding.requirements,
    understanding.sources,
    understanding.declarations,
  );
  return buildIndex({
    chunks,
    embedder,
    store: new IndexStore(path.join(config.dataDir, 'index')),
    repoKey: snapshot.source.kind === 'url' ? snapshot.source.url : snapshot.root,
    commit: snapshot.commit,
    dirty: snapshot.dirty,
  });
}
