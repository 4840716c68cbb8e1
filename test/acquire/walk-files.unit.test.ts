import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { walkFiles } from '../../src/acquire/walk-files';
import { copyFixture, tempDir } from '../helpers/temp-dir';

const LIMITS = { maxFiles: 1000, maxTotalBytes: 10_000_000, maxFileBytes: 100_000 };

describe(walkFiles.name, () => {
  let repo: { path: string; dispose: () => void };
  beforeEach(() => {
    repo = copyFixture('understand-repo');
    // Files that the fixture's .gitignore ignores cannot be committed with it: made here.
    mkdirSync(path.join(repo.path, 'generated'));
    writeFileSync(
      path.join(repo.path, 'generated', 'ignored.ts'),
      'export const ignored = () => 1;\n',
    );
    writeFileSync(path.join(repo.path, 'debug.log'), 'noise\n');
  });
  afterEach(() => repo.dispose());

  it('honours .gitignore and skips binary files', async () => {
    const { files, skipped } = await walkFiles(repo.path, LIMITS);
    const paths = files.map((f) => f.path);
    expect(paths).toContain('src/math.ts');
    expect(paths).not.toContain('generated/ignored.ts');
    expect(paths).not.toContain('debug.log');
    expect(paths).not.toContain('logo.png');
    expect(skipped.ignored).toBe(2);
    expect(skipped.binary).toBe(1);
  });

  it("skips the build folders that package.json's entry points lead into when src/ holds the sources", async () => {
    writeFileSync(
      path.join(repo.path, 'package.json'),
      JSON.stringify({ name: 'x', main: './lib/umd/index.js', module: './es/index.js' }),
    );
    for (const folder of ['lib/umd', 'es', 'tools']) {
      mkdirSync(path.join(repo.path, folder), { recursive: true });
      writeFileSync(path.join(repo.path, folder, 'index.js'), 'exports.a = 1;');
    }
    const paths = (await walkFiles(repo.path, LIMITS)).files.map((f) => f.path);
    expect(paths).not.toContain('lib/umd/index.js');
    expect(paths).not.toContain('es/index.js');
    expect(paths).toContain('tools/index.js');
    expect(paths).toContain('src/math.ts');
  });

  it('never reads node_modules or build output, even when not ignored', async () => {
    mkdirSync(path.join(repo.path, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(path.join(repo.path, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;');
    mkdirSync(path.join(repo.path, 'dist'));
    writeFileSync(path.join(repo.path, 'dist', 'index.js'), 'exports.a = 1;');
    const { files } = await walkFiles(repo.path, LIMITS);
    expect(
      files.some((f) => f.path.startsWith('node_modules/') || f.path.startsWith('dist/')),
    ).toBe(false);
  });

  it('honours a nested .gitignore relative to its own folder', async () => {
    writeFileSync(path.join(repo.path, 'src', '.gitignore'), 'esm.mjs\n');
    const { files } = await walkFiles(repo.path, LIMITS);
    const paths = files.map((f) => f.path);
    expect(paths).not.toContain('src/esm.mjs');
    expect(paths).toContain('src/math.ts');
  });

  it('skips files over the size limit and stops at the file-count limit', async () => {
    writeFileSync(path.join(repo.path, 'src', 'huge.ts'), 'x'.repeat(200_000));
    const sized = await walkFiles(repo.path, LIMITS);
    expect(sized.files.map((f) => f.path)).not.toContain('src/huge.ts');
    expect(sized.skipped['too-large']).toBe(1);

    const capped = await walkFiles(repo.path, { ...LIMITS, maxFiles: 3 });
    expect(capped.files).toHaveLength(3);
    expect(capped.skipped.limit).toBe(sized.files.length - 3);
  });

  it('stops at the total-bytes limit', async () => {
    const { files, skipped } = await walkFiles(repo.path, { ...LIMITS, maxTotalBytes: 600 });
    const total = files.reduce((n, f) => n + f.size, 0);
    expect(total).toBeLessThanOrEqual(600);
    expect(skipped.limit).toBeGreaterThan(0);
  });

  it('never follows a symlink out of the repository, but reads one that stays inside', async () => {
    const outside = tempDir();
    writeFileSync(path.join(outside.path, 'secret.ts'), 'export const secret = 1;');
    symlinkSync(path.join(outside.path, 'secret.ts'), path.join(repo.path, 'src', 'leak.ts'));
    symlinkSync(outside.path, path.join(repo.path, 'outside-dir'));
    symlinkSync(path.join(repo.path, 'src', 'math.ts'), path.join(repo.path, 'math-link.ts'));
    try {
      const { files, skipped } = await walkFiles(repo.path, LIMITS);
      const paths = files.map((f) => f.path);
      expect(paths).not.toContain('src/leak.ts');
      expect(paths.some((p) => p.startsWith('outside-dir'))).toBe(false);
      expect(paths).toContain('math-link.ts');
      expect(skipped['symlink-outside']).toBe(2);
    } finally {
      outside.dispose();
    }
  });

  it('lists files in a stable sorted order', async () => {
    const first = await walkFiles(repo.path, LIMITS);
    const paths = first.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
  });
});
