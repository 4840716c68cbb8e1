import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { acquireRepo } from '../../src/acquire/acquire-repo';
import type { AttestConfig } from '../../src/core/attest-config';
import type { Embedder } from '../../src/index/embedder';
import { HashedEmbedder } from '../../src/index/hashed-embedder';
import { indexRepository } from '../../src/pipeline/repository-index';
import { understandRepo } from '../../src/understand/understand-repo';
import { aConfig } from '../helpers/config';
import { commitAll, git } from '../helpers/git';
import { copyFixture, tempDir } from '../helpers/temp-dir';

/** The local embedder, counting the texts it is asked to embed. */
class CountingEmbedder implements Embedder {
  readonly inner = new HashedEmbedder();
  readonly id = this.inner.id;
  readonly dimensions = this.inner.dimensions;
  texts = 0;
  embed(texts: string[]) {
    this.texts += texts.length;
    return this.inner.embed(texts);
  }
}

describe(indexRepository.name, () => {
  let repo: { path: string; dispose: () => void };
  let data: { path: string; dispose: () => void };
  let config: AttestConfig;
  beforeEach(() => {
    repo = copyFixture('understand-repo');
    commitAll(repo.path);
    data = tempDir();
    config = aConfig({ dataDir: data.path });
  });
  afterEach(() => {
    repo.dispose();
    data.dispose();
  });

  const run = async (embedder: CountingEmbedder) => {
    const { snapshot } = await acquireRepo({ kind: 'path', path: repo.path }, config);
    return indexRepository(snapshot, await understandRepo(snapshot), config, embedder);
  };

  it('builds one chunk per symbol, per type declaration and per requirement, and persists them per repo, commit and embedder', async () => {
    const embedder = new CountingEmbedder();
    const { stats, retriever } = await run(embedder);
    const head = git(repo.path, 'rev-parse', 'HEAD');
    expect(stats.loaded).toBe(false);
    expect(stats.embedded).toBe(stats.chunks);
    expect(retriever.chunks.filter((c) => c.kind === 'code')).toHaveLength(33);
    // The one interface of the fixture, found by name as a prompt finds a collaborator's type.
    expect(retriever.declarationsOf('WidgetProps').map((c) => [c.file, c.line, c.text])).toEqual([
      ['src/ui/widget.tsx', 3, 'export interface WidgetProps { title: string }'],
    ]);
    expect(retriever.chunks.filter((c) => c.kind === 'requirement')).toHaveLength(18);
    expect(stats.dir).toContain(path.join(data.path, 'index'));
    expect(stats.dir?.endsWith(path.join('hashed-v1-256', head))).toBe(true);
    expect(existsSync(path.join(stats.dir!, 'vectors.hnsw'))).toBe(true);
  });

  it('loads the index on a second run of an unchanged repository instead of embedding again', async () => {
    await run(new CountingEmbedder());
    const second = new CountingEmbedder();
    const { stats, retriever } = await run(second);
    expect(stats.loaded).toBe(true);
    expect(second.texts).toBe(0);
    const [top] = await retriever.search('Calculator plus running total', 3);
    expect(top).toMatchObject({ kind: 'code', name: 'Calculator.plus', file: 'src/math.ts' });
  });

  it('embeds only the chunks that changed after a commit', async () => {
    const first = await run(new CountingEmbedder());
    writeFileSync(
      path.join(repo.path, 'src', 'extra.ts'),
      'export function extra(): number {\n  return 42;\n}\n',
    );
    git(repo.path, 'add', '-A');
    git(repo.path, 'commit', '-q', '-m', 'extra');
    const counting = new CountingEmbedder();
    const { stats } = await run(counting);
    expect(stats.loaded).toBe(false);
    expect(stats.chunks).toBe(first.stats.chunks + 1);
    expect(counting.texts).toBe(1);
    expect(stats.reused).toBe(first.stats.chunks);
  });

  it('finds a requirement passage from a paraphrase, and code from an identifier', async () => {
    const { retriever } = await run(new CountingEmbedder());
    const passage = await retriever.search('numbers from start up to end, end excluded', 5);
    expect(passage.slice(0, 3).map((r) => r.id)).toContain('R-7');
    const code = await retriever.search('fetchDouble', 3, 'code');
    expect(code[0]).toMatchObject({
      kind: 'code',
      id: 'src/math.ts#fetchDouble',
      name: 'fetchDouble',
      line: 20,
    });
    expect(code[0]!.score).toBeGreaterThan(code[1]!.score);
  });
});
