import type { Embedder } from './embedder';
import { identifiers, tokenize } from './tokenize';

/**
 * A local embedder that needs no network and no model file: feature hashing of identifier
 * parts, whole identifiers and character trigrams, with sublinear term weights. Trigrams let
 * "sorting" meet "sorter" and a paraphrase meet the words of the passage it restates.
 */
export class HashedEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = 256) {
    this.id = `hashed-v1-${dimensions}`;
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return Promise.resolve(texts.map((t) => this.embedOne(t)));
  }

  embedOne(text: string): Float32Array {
    const counts = new Map<string, number>();
    const add = (feature: string, weight: number) =>
      counts.set(feature, (counts.get(feature) ?? 0) + weight);
    for (const term of tokenize(text)) {
      add(term, 1);
      const padded = `^${term}$`;
      for (let i = 0; i + 3 <= padded.length; i += 1) add(`#${padded.slice(i, i + 3)}`, 0.25);
    }
    for (const identifier of identifiers(text)) add(`@${identifier}`, 0.5);
    const vector = new Float32Array(this.dimensions);
    for (const [feature, count] of counts) {
      const h = fnv1a(feature);
      const sign = h & 0x80000000 ? -1 : 1;
      vector[h % this.dimensions]! += sign * (1 + Math.log(count));
    }
    return normalize(vector);
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function normalize(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const v of vector) sum += v * v;
  const norm = Math.sqrt(sum);
  // A text with no terms still needs a direction: cosine distance is undefined at zero.
  if (norm === 0) vector[0] = 1;
  else for (let i = 0; i < vector.length; i += 1) vector[i]! /= norm;
  return vector;
}
