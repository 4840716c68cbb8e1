import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { startEmbeddingsServer } from '../helpers/openai-stub-server';
import { FIXTURES, tempDir } from '../helpers/temp-dir';

const BIN = path.join(__dirname, '..', '..', 'bin', 'attest.js');
const REPO = path.join(FIXTURES, 'understand-repo');

/** Runs the real `attest` bin in a child process (synchronously: nothing in this process must answer it). */
function attest(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('attest CLI', () => {
  let data: { path: string; dispose: () => void };
  beforeEach(() => {
    data = tempDir();
  });
  afterEach(() => data.dispose());

  it('prints the symbols of a repository as JSON', () => {
    const { code, stdout } = attest(['symbols', REPO, '--json'], { ATTEST_DATA_DIR: data.path });
    expect(code).toBe(0);
    const symbols = JSON.parse(stdout) as {
      name: string;
      kind: string;
      file: string;
      line: number;
      exported: string;
      signature: string;
    }[];
    expect(symbols.find((s) => s.name === 'add')).toMatchObject({
      kind: 'function',
      file: 'src/math.ts',
      line: 10,
      exported: 'named',
      signature: 'function add(a: number, b: number): number',
    });
  });

  it('indexes a repository, then loads the index on the second run', () => {
    const env = { ATTEST_DATA_DIR: data.path };
    const first = JSON.parse(attest(['index', REPO, '--json'], env).stdout) as {
      symbols: number;
      index: { loaded: boolean; chunks: number };
    };
    expect(first.symbols).toBe(32);
    expect(first.index.loaded).toBe(false);
    const second = attest(['index', REPO], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/index\s+51 chunks, 0 embedded, 51 reused \(loaded from disk\)/);
  });

  it('searches with --k and prints results best first', () => {
    const { code, stdout } = attest(['search', REPO, 'half open ranges', '--k', '3', '--json'], {
      ATTEST_DATA_DIR: data.path,
    });
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as { kind: string; id: string; score: number }[];
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ kind: 'requirement', id: 'R-7' });
    expect(results.map((r) => r.score)).toEqual(
      [...results.map((r) => r.score)].sort((a, b) => b - a),
    );
  });

  it('uses an OpenAI-compatible embeddings endpoint when one is configured', async () => {
    const server = await startEmbeddingsServer(16);
    try {
      const env = {
        ATTEST_DATA_DIR: data.path,
        ATTEST_EMBEDDINGS_MODEL: 'stub-embed',
        ATTEST_EMBEDDINGS_BASE_URL: server.baseURL,
        OPENAI_API_KEY: 'sk-local',
      };
      const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, [BIN, 'index', REPO, '--json'], {
          env: { PATH: process.env.PATH ?? '', ...env },
        });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('close', (code) => resolve({ code, stdout }));
      });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { index: { embedded: number; dir: string } };
      expect(report.index.embedded).toBe(51);
      expect(report.index.dir).toContain('openai-stub-embed-native');
      expect(
        server.requests.some(
          (r) => r.path === '/v1/embeddings' && r.authorization === 'Bearer sk-local',
        ),
      ).toBe(true);
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      ['symbols', '/no/such/repo'],
      1,
      /^attest: no such folder: \/no\/such\/repo\. Pass the path of a repository folder/,
    ],
    [
      ['symbols', `file://${FIXTURES}/nowhere`],
      1,
      /^attest: cannot clone file:\/\/.*Check that the URL/,
    ],
    [
      ['search', REPO, 'q', '--k', 'many'],
      2,
      /^attest: option '--k <n>' argument 'many' is invalid\. it must be a whole number above 0\./,
    ],
    [['frobnicate'], 2, /^attest: unknown command 'frobnicate'/],
    // The same limits as the API's options (core/job-options.ts).
    [
      ['run', REPO, '--repair-rounds', '9'],
      2,
      /^attest: option '--repair-rounds <n>' argument '9' is invalid\. it must be a whole number of rounds, 0 to 5\./,
    ],
    [
      ['run', REPO, '--tests-dir', '../elsewhere'],
      2,
      /^attest: option '--tests-dir <dir>' argument '\.\.\/elsewhere' is invalid\. it must be a folder inside the repository/,
    ],
    [
      ['symbols', REPO, '--ref', 'no-such-branch'],
      1,
      /^attest: unknown ref 'no-such-branch' in .*\. Pass a branch, tag or commit that the repository has\./,
    ],
  ])('exits non-zero with one clear line for %j', (args, exitCode, message) => {
    const { code, stderr, stdout } = attest(args, { ATTEST_DATA_DIR: data.path });
    expect(code).toBe(exitCode);
    expect(stderr.split('\n')[0]).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('names the variable when the configuration is invalid', () => {
    const { code, stderr } = attest(['symbols', REPO], { ATTEST_MAX_FILES: 'zero' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^attest: ATTEST_MAX_FILES is invalid/);
  });

  it('loads neither zod nor the pipeline for --version and --help', () => {
    // The compiled CLI, as the bin runs it (the bin has built it by now), with what it loaded.
    const main = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
    const loaded = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(main)}).runCli(['--version']).then(() => console.log(JSON.stringify(Object.keys(require.cache))))`,
      ],
      { encoding: 'utf8' },
    );
    const files = JSON.parse(loaded.stdout.trim().split('\n').pop()!) as string[];
    expect(loaded.stdout.split('\n')[0]).toBe('0.1.0');
    expect(
      files.filter((f) => /node_modules\/(zod|langchain|@langchain|@nestjs|tree-sitter)\//.test(f)),
    ).toEqual([]);
  });

  it('shows help for every command', () => {
    for (const command of ['symbols', 'index', 'search']) {
      const { code, stdout } = attest([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: attest ${command}`);
    }
  });
});
