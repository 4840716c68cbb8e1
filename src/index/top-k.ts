/** A document and its score. */
export interface ScoredDoc {
  label: number;
  score: number;
}

/** The best k documents by score, best first, ties broken by label for stable results. */
export function topK(docs: number[], scores: Float32Array, k: number): ScoredDoc[] {
  const heap: ScoredDoc[] = [];
  const worse = (a: ScoredDoc, b: ScoredDoc) =>
    a.score < b.score || (a.score === b.score && a.label > b.label);
  for (const label of docs) {
    const score = scores[label]!;
    // Most documents fall below the heap's worst: compare before allocating a hit.
    if (heap.length === k && score < heap[0]!.score) continue;
    const hit = { label, score };
    if (heap.length < k) {
      heap.push(hit);
      siftUp(heap, heap.length - 1, worse);
    } else if (worse(heap[0]!, hit)) {
      heap[0] = hit;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}

function siftUp(
  heap: ScoredDoc[],
  i: number,
  worse: (a: ScoredDoc, b: ScoredDoc) => boolean,
): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worse(heap[i]!, heap[parent]!)) return;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function siftDown(
  heap: ScoredDoc[],
  i: number,
  worse: (a: ScoredDoc, b: ScoredDoc) => boolean,
): void {
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && worse(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && worse(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === i) return;
    [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
    i = smallest;
  }
}
