import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Chunk } from './chunk';
import { Bm25LexicalStore } from './lexical-store';
import { HnswVectorStore } from './vector-store';

const FORMAT_VERSION = 2;

interface IndexMeta {
  version: number;
  embedder: string;
  dimensions: number;
  treeKey: string;
  createdAt: string;
  chunks: number;
}

/** An index as it lies on disk: its chunks, in label order, and both stores. */
export interface StoredIndex {
  meta: IndexMeta;
  chunks: Chunk[];
  vectors: HnswVectorStore;
  lexical: Bm25LexicalStore;
}

/** Indexes on disk, one folder per repository, embedder and tree (commit, or content of a dirty tree). */
export class IndexStore {
  constructor(private readonly root: string) {}

  /** The folder of one repository and embedder, which holds one folder per tree. */
  private base(repoKey: string, embedderId: string): string {
    return path.join(this.root, repoKey, embedderId);
  }

  async load(repoKey: string, embedderId: string, treeKey: string): Promise<StoredIndex | null> {
    const dir = path.join(this.base(repoKey, embedderId), treeKey);
    const meta = await readMeta(dir);
    if (!meta || meta.version !== FORMAT_VERSION) return null;
    const [chunks, lexical, vectors] = await Promise.all([
      fs.readFile(path.join(dir, 'chunks.json'), 'utf8').then((t) => JSON.parse(t) as Chunk[]),
      Promise.all([
        fs.readFile(path.join(dir, 'terms.json'), 'utf8'),
        fs.readFile(path.join(dir, 'postings.bin')),
      ]).then(([terms, buffer]) =>
        Bm25LexicalStore.deserialize({ terms: JSON.parse(terms) as string[], buffer }),
      ),
      HnswVectorStore.load(path.join(dir, 'vectors.hnsw'), meta.dimensions),
    ]);
    return { meta, chunks, lexical, vectors };
  }

  /** The newest index of this repository and embedder, at any tree: the base of an incremental build. */
  async latest(repoKey: string, embedderId: string): Promise<StoredIndex | null> {
    const base = this.base(repoKey, embedderId);
    let names: string[];
    try {
      names = await fs.readdir(base);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const metas = (await Promise.all(names.map((n) => readMeta(path.join(base, n))))).filter(
      (m): m is IndexMeta => m !== null && m.version === FORMAT_VERSION,
    );
    metas.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return metas[0] ? this.load(repoKey, embedderId, metas[0].treeKey) : null;
  }

  /** Writes the index beside the others; a folder appears whole or not at all. */
  async save(repoKey: string, index: StoredIndex): Promise<string> {
    const base = this.base(repoKey, index.meta.embedder);
    const dir = path.join(base, index.meta.treeKey);
    const tmp = path.join(base, `.tmp-${randomUUID()}`);
    await fs.mkdir(tmp, { recursive: true });
    const lexical = index.lexical.serialize();
    await Promise.all([
      fs.writeFile(path.join(tmp, 'chunks.json'), JSON.stringify(index.chunks)),
      fs.writeFile(path.join(tmp, 'terms.json'), JSON.stringify(lexical.terms)),
      fs.writeFile(path.join(tmp, 'postings.bin'), lexical.buffer),
      index.vectors.save(path.join(tmp, 'vectors.hnsw')),
    ]);
    await fs.writeFile(path.join(tmp, 'meta.json'), JSON.stringify(index.meta));
    await fs.rm(dir, { recursive: true, force: true });
    await fs.rename(tmp, dir);
    return dir;
  }
}

async function readMeta(dir: string): Promise<IndexMeta | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as IndexMeta;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || error instanceof SyntaxError) return null;
    throw error;
  }
}

export { FORMAT_VERSION };
