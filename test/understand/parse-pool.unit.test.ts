import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseFile } from '../../src/understand/parse-file';
import type { ParsePool as ParsePoolType } from '../../src/understand/parse-pool';
import { SourceParser, languageOf } from '../../src/understand/source-parser';
import { FIXTURES } from '../helpers/temp-dir';

const ROOT = path.join(__dirname, '..', '..');

/** Worker processes run compiled JavaScript: the pool under test is the built one in dist/. */
function compiledPool(): typeof ParsePoolType {
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'attest.js'), '--version']);
  const compiled = path.join(ROOT, 'dist', 'src', 'understand', 'parse-pool.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(compiled) as { ParsePool: typeof ParsePoolType };
  return loaded.ParsePool;
}

describe('ParsePool', () => {
  const src = path.join(FIXTURES, 'understand-repo', 'src');
  const files = readdirSync(src)
    .filter((f) => languageOf(f))
    .map((f) => ({
      file: `src/${f}`,
      text: readFileSync(path.join(src, f), 'utf8'),
      language: languageOf(f)!,
    }));

  it('parses in worker processes exactly as in process, file by file', async () => {
    const ParsePool = compiledPool();
    const pool = ParsePool.forBytes(1, 0);
    try {
      expect(pool.workerCount).toBeGreaterThan(1);
      const pooled = await Promise.all(files.map((f) => pool.parse(f.file, f.text, f.language)));
      const parser = new SourceParser();
      const local = files.map((f) => parseFile(parser, f.file, f.text, f.language));
      expect(pooled).toEqual(local);
      expect(pooled.find((p) => p.file === 'src/broken.ts')?.errorNodes).toBeGreaterThan(0);
    } finally {
      await pool.dispose();
    }
  });

  it('parses in process when the repository is small', async () => {
    const pool = compiledPool().forBytes(1000);
    expect(pool.workerCount).toBe(0);
    const parsed = await pool.parse('src/a.ts', 'export const a = () => 1;', 'typescript');
    expect(parsed.symbols.map((s) => s.id)).toEqual(['src/a.ts#a']);
    await pool.dispose();
  });
});
