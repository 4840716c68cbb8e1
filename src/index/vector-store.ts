import { HierarchicalNSW } from 'hnswlib-node';

/** HNSW settings: M=16 and efConstruction=100 measured as the knee of build time vs recall here. */
const M = 16;
const EF_CONSTRUCTION = 100;
const EF_SEARCH = 64;

export interface VectorHit {
  label: number;
  distance: number;
}

/** Cosine nearest neighbours over hnswlib-node. Labels are the chunks' positions. */
export class HnswVectorStore {
  private constructor(
    private readonly index: HierarchicalNSW,
    readonly dimensions: number,
  ) {}

  static create(dimensions: number, capacity: number): HnswVectorStore {
    const index = new HierarchicalNSW('cosine', dimensions);
    index.initIndex({
      maxElements: Math.max(capacity, 1),
      m: M,
      efConstruction: EF_CONSTRUCTION,
      randomSeed: 42,
    });
    index.setEf(EF_SEARCH);
    return new HnswVectorStore(index, dimensions);
  }

  static async load(file: string, dimensions: number): Promise<HnswVectorStore> {
    const index = new HierarchicalNSW('cosine', dimensions);
    await index.readIndex(file);
    index.setEf(EF_SEARCH);
    return new HnswVectorStore(index, dimensions);
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  add(label: number, vector: Float32Array): void {
    this.index.addPoint(Array.from(vector), label);
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.index.getPoint(label));
  }

  search(vector: Float32Array, k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), n);
    return neighbors.map((label, i) => ({ label, distance: distances[i] ?? 1 }));
  }

  async save(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }
}
