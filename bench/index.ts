/**
 * bench:index — parse rate, index build rate, query latency at 100k+ chunks, peak RSS and
 * recall@5, on code that no one here wrote (TypeScript's lib, @nestjs, @langchain in
 * node_modules) and on the documented example library.
 *
 *   npm run bench:index
 */
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireRepo } from '../src/acquire/acquire-repo';
import { parseConfig } from '../src/core/attest-config';
import type { RepoFile, RepoSnapshot } from '../src/core/repo-snapshot';
import { buildIndex } from '../src/index/build-index';
import { buildChunks, type Chunk } from '../src/index/chunk';
import { HashedEmbedder } from '../src/index/hashed-embedder';
import { IndexStore } from '../src/index/index-store';
import { ParsePool } from '../src/understand/parse-pool';
import { SourceParser, languageOf, type SourceLanguage } from '../src/understand/source-parser';
import { understandRepo } from '../src/understand/understand-repo';

const ROOT = path.join(__dirname, '..', '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const CORPUS_DIRS = ['typescript/lib', '@nestjs', '@langchain'];
const MIN_CORPUS_BYTES = 20 * 1024 * 1024;
const LATENCY_CHUNKS = 100_000;
const QUERIES = 1000;

interface RecallCase {
  query: string;
  /** The symbol the passage documents, and the heading of the passage. */
  symbol: string;
  heading: string;
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-bench-'));
  try {
    const corpus = await corpusSnapshot(CORPUS_DIRS);
    const corpusBytes = corpus.files.reduce((n, f) => n + f.size, 0);
    line(
      'corpus',
      `${mb(corpusBytes).toFixed(1)} MB in ${corpus.files.length} files (${CORPUS_DIRS.join(', ')} from node_modules)`,
    );
    if (corpusBytes < MIN_CORPUS_BYTES) throw new Error('corpus is under 20 MB: run npm ci first');

    const oneCore = await parseOnOneCore(corpus);
    line(
      'parse rate',
      `${(mb(oneCore.bytes) / oneCore.seconds).toFixed(1)} MB/s on one core (tree-sitter alone, ${oneCore.seconds.toFixed(2)} s)`,
    );
    const pooled = await parseWithPool(corpus);
    line(
      'parse rate',
      `${(mb(pooled.bytes) / pooled.seconds).toFixed(1)} MB/s with ${pooled.workers} worker processes (parse and extract symbols, wall clock)`,
    );

    const t0 = performance.now();
    const understanding = await understandRepo(corpus);
    const chunks = buildChunks(
      understanding.symbols,
      understanding.requirements,
      understanding.sources,
    );
    const built = await buildIndex({
      chunks,
      embedder: new HashedEmbedder(),
      store: new IndexStore(path.join(dataDir, 'index')),
      repoKey: 'bench-corpus',
      commit: 'bench',
      dirty: false,
    });
    const indexSeconds = (performance.now() - t0) / 1000;
    line('symbols', `${understanding.symbols.length}`);
    line(
      'requirements',
      `${understanding.requirements.length} (${countBy(understanding.requirements.map((r) => r.source))})`,
    );
    line(
      'index build',
      `${indexSeconds.toFixed(2)} s end to end (parse, chunk, embed, insert, save)`,
    );
    line(
      'index rate',
      `${(mb(corpusBytes) / indexSeconds).toFixed(2)} MB/s, ${Math.round(chunks.length / indexSeconds)} chunks/s (${chunks.length} chunks)`,
    );

    const latency = await queryLatency(chunks, dataDir);
    line(
      'query latency',
      `p50 ${latency.p50.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms over ${QUERIES} queries at ${latency.chunks} chunks`,
    );
    void built;

    const recall = await recallAt5(dataDir);
    line(
      'recall@5',
      `${recall.score.toFixed(3)} (${recall.hits}/${recall.total} paraphrased queries, examples/textkit)`,
    );
    line('peak RSS', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    line('command', 'npm run bench:index');
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

/** The corpus as a snapshot rooted at node_modules, so the pipeline reads it as it reads a repository. */
async function corpusSnapshot(dirs: string[]): Promise<RepoSnapshot> {
  const files: RepoFile[] = [];
  for (const dir of dirs) await collect(path.join(NODE_MODULES, dir), files);
  files.sort((a, b) => a.path.localeCompare(b.path));
  return {
    source: { kind: 'path', path: NODE_MODULES },
    root: NODE_MODULES,
    commit: 'bench',
    dirty: false,
    files,
    skipped: { ignored: 0, binary: 0, 'too-large': 0, 'symlink-outside': 0, limit: 0 },
  };
}

async function collect(dir: string, out: RepoFile[]): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') await collect(full, out);
    } else if (/\.(?:[cm]?[jt]s|md)$/.test(entry.name) && !entry.name.endsWith('.map')) {
      out.push({
        path: path.relative(NODE_MODULES, full).split(path.sep).join('/'),
        size: (await fs.stat(full)).size,
      });
    }
  }
}

function languageForBench(file: string): SourceLanguage | null {
  return /\.d\.[cm]?ts$/.test(file) ? 'typescript' : languageOf(file);
}

/** Seconds spent in tree-sitter alone on this thread, declaration files included (as TypeScript). */
async function parseOnOneCore(snapshot: RepoSnapshot): Promise<{ bytes: number; seconds: number }> {
  const parser = new SourceParser();
  let seconds = 0;
  let bytes = 0;
  for (const file of snapshot.files) {
    const language = languageForBench(file.path);
    if (!language) continue;
    const text = await fs.readFile(path.join(snapshot.root, file.path), 'utf8');
    const start = performance.now();
    parser.parse(text, language);
    seconds += (performance.now() - start) / 1000;
    bytes += file.size;
  }
  return { bytes, seconds };
}

/** Wall-clock seconds to parse and extract every code file through the pool that understandRepo uses. */
async function parseWithPool(
  snapshot: RepoSnapshot,
): Promise<{ bytes: number; seconds: number; workers: number }> {
  // Largest first, as understandRepo sends them, so that no large file starts last.
  const code = snapshot.files
    .filter((f) => languageForBench(f.path))
    .sort((a, b) => b.size - a.size);
  const texts = await Promise.all(
    code.map((f) => fs.readFile(path.join(snapshot.root, f.path), 'utf8')),
  );
  const bytes = code.reduce((n, f) => n + f.size, 0);
  const pool = ParsePool.forBytes(bytes);
  const start = performance.now();
  await Promise.all(code.map((f, i) => pool.parse(f.path, texts[i]!, languageForBench(f.path)!)));
  const seconds = (performance.now() - start) / 1000;
  const workers = pool.workerCount;
  await pool.dispose();
  return { bytes, seconds, workers };
}

/** Query latency of the fused retriever at 100k+ chunks: the corpus's chunks, repeated with their text varied when there are fewer. */
async function queryLatency(chunks: Chunk[], dataDir: string) {
  const scaled: Chunk[] = [];
  for (let copy = 0; scaled.length < LATENCY_CHUNKS; copy += 1) {
    for (const c of chunks)
      scaled.push({
        ...c,
        id: `${c.id}#${copy}`,
        text: copy ? `${c.text}\n// copy ${copy}` : c.text,
        hash: `${c.hash}-${copy}`,
      });
  }
  const embedder = new HashedEmbedder();
  const { retriever } = await buildIndex({
    chunks: scaled,
    embedder,
    store: new IndexStore(path.join(dataDir, 'latency')),
    repoKey: 'bench-latency',
    commit: 'bench',
    dirty: false,
  });
  const queries = Array.from({ length: QUERIES }, (_, i) =>
    queryFrom(chunks[(i * 7919) % chunks.length]!),
  );
  const timings: number[] = [];
  for (const query of queries) {
    const start = performance.now();
    await retriever.search(query, 10);
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  return {
    p50: timings[Math.floor(QUERIES * 0.5)]!,
    p95: timings[Math.floor(QUERIES * 0.95)]!,
    chunks: scaled.length,
  };
}

/** A query a developer might type: a few words taken from a chunk. */
function queryFrom(chunk: Chunk): string {
  const words = chunk.text.match(/[A-Za-z]{4,}/g) ?? ['function'];
  return words.slice(0, 5).join(' ');
}

async function recallAt5(dataDir: string) {
  const cases = JSON.parse(
    readFileSync(path.join(ROOT, 'bench', 'data', 'textkit-recall.json'), 'utf8'),
  ) as RecallCase[];
  const config = { ...parseConfig({}), dataDir };
  const { snapshot } = await acquireRepo(
    { kind: 'path', path: path.join(ROOT, 'examples', 'textkit') },
    config,
  );
  const understanding = await understandRepo(snapshot);
  const { retriever } = await buildIndex({
    chunks: buildChunks(understanding.symbols, understanding.requirements, understanding.sources),
    embedder: new HashedEmbedder(),
    store: new IndexStore(path.join(dataDir, 'recall')),
    repoKey: 'textkit',
    commit: snapshot.commit,
    dirty: true,
  });
  const headingOf = new Map(
    understanding.requirements.map((r) => [r.id, r.headingPath[r.headingPath.length - 1]]),
  );
  let hits = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const results = await retriever.search(c.query, 5);
    const hit = results.some((r) =>
      r.kind === 'code'
        ? r.name === c.symbol || r.name?.startsWith(`${c.symbol}.`)
        : headingOf.get(r.id) === c.heading || headingOf.get(r.id) === c.symbol,
    );
    if (hit) hits += 1;
    else misses.push(c.query);
  }
  if (process.env.BENCH_VERBOSE) for (const m of misses) line('  missed', m);
  return { hits, total: cases.length, score: hits / cases.length };
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}

function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(15)} ${value}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:index failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
