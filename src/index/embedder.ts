/** Turns texts into vectors of one fixed size; `id` names the model and its settings. */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}
