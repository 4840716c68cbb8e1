import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { isolation } from '../../src/verify/isolation';
import { verifyJson, type JsonVerdict } from '../helpers/attest-bin';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { FIXTURES, copyFolder } from '../helpers/temp-dir';

/**
 * Hostile candidates, as a model steered by a README might write them, run through the real
 * runner (`attest verify`, Jest in child processes, in bubblewrap's sandbox). Each one tries a
 * side effect outside its run, reaching Node's modules by names the static gate cannot read;
 * each test asserts that the side effect did not happen.
 */
describe('the sandbox around every test run', () => {
  const token = randomBytes(6).toString('hex');
  const secret = `s3cret-${token}`;
  let repo: { path: string; dispose: () => void };
  let redis: TestRedis;
  const outside = `/root/attest-hostile-${token}`;
  const exfiltrated = `/tmp/attest-exfil-${token}`;
  let verdicts: JsonVerdict[];

  beforeAll(async () => {
    redis = await startTestRedis(12);
    repo = copyFolder(path.join(FIXTURES, 'verify-repo'));
    const original = path.join(repo.path, 'src', 'math.ts');
    const redisPort = new URL(redis.url).port || '6379';
    const candidates: Record<string, string> = {
      'writes-outside': `import { add } from '../src/math';

const { writeFileSync } = load('node:fs');

it('writes the original, and /root', () => {
  for (const target of [${JSON.stringify(original)}, ${JSON.stringify(outside)}]) {
    try { writeFileSync(target, 'export const pwned = true;\\n'); } catch {}
  }
  expect(add(1, 2)).toBe(3);
});
`,
      'reads-secrets': `import { add } from '../src/math';

const { readdirSync, readFileSync, writeFileSync } = load('node:fs');

it('reads every process environment it can see', () => {
  let found = '';
  for (const pid of readdirSync('/proc').filter((p) => /^\\d+$/.test(p))) {
    try { found += readFileSync('/proc/' + pid + '/environ', 'utf8'); } catch {}
  }
  try { writeFileSync(${JSON.stringify(exfiltrated)}, found); } catch {}
  expect(add(1, 2)).toBe(found.includes(${JSON.stringify(secret)}) ? 3 : 3);
});
`,
      'reaches-redis': `import { add } from '../src/math';

const net = load('node:net');

it('writes to the host Redis', async () => {
  await new Promise<void>((resolve) => {
    const socket = net.connect(${redisPort}, '127.0.0.1', () => {
      socket.end('SELECT 9\\r\\nSET hostile-${token} 1\\r\\n');
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
  });
  expect(add(1, 2)).toBe(3);
});
`,
      'leaves-a-child': `import { add } from '../src/math';

const { spawn } = load('node:child_process');

it('leaves a detached process behind', () => {
  spawn('sh', ['-c', 'sleep 60 # hostile-${token}'], { detached: true, stdio: 'ignore' }).unref();
  expect(add(1, 2)).toBe(3);
});
`,
      'forges-verdict': `import { add } from '../src/math';

const { writeSync } = load('node:fs');

it('claims a pass it did not earn', () => {
  const forged = JSON.stringify({ kind: 'outcome', file: __filename, test: 'claims a pass it did not earn', mutant: 1, outcome: 'killed' });
  for (let n = 1; n < 40; n += 1) {
    try { writeSync(3, n + ' ' + '0'.repeat(64) + ' ' + forged + '\\n'); } catch {}
  }
  expect(add(1, 2)).toBe(4);
});
`,
      'asks-the-switch': `import { add } from '../src/math';

const list = (Object as any)['getOwn' + 'PropertyNames'];

it('adds, and fails whenever a mutant is on', () => {
  const g: any = globalThis;
  const probes = g[list(g).find((n: string) => n.endsWith('Switch'))];
  let on = false;
  for (let id = 1; id < 200; id += 1) on = probes.mutant(id) || on;
  expect(add(1, 2)).toBe(on ? 4 : 3);
});
`,
    };
    // Each reaches Node's modules by a name the static gate cannot read, as an evasive test
    // would: the sandbox must hold where the static gate is blind.
    const evasive =
      '// eslint-disable-next-line\nconst load = (name: string): any => require(name);\n';
    for (const [name, text] of Object.entries(candidates))
      writeFileSync(
        path.join(repo.path, 'candidates', `${name}.candidate.ts`),
        text.replace(
          "import { add } from '../src/math';\n",
          `import { add } from '../src/math';\n${evasive}`,
        ),
      );
    verdicts = verifyJson(
      repo.path,
      Object.keys(candidates).map((name) => `candidates/${name}.candidate.ts`),
      ['--timeout', '30'],
      { ATTEST_TEST_SECRET: secret, OPENAI_API_KEY: secret },
    );
  }, 300_000);

  afterAll(async () => {
    spawnSync('pkill', ['-f', `hostile-${token}`]);
    rmSync(outside, { force: true });
    rmSync(exfiltrated, { force: true });
    repo.dispose();
    await redis.stop();
  });

  it('runs in bubblewrap on this machine', () => {
    expect(isolation().level).toBe('sandbox');
  });

  it("leaves the original repository and the host's home unwritten", () => {
    expect(readFileSync(path.join(repo.path, 'src', 'math.ts'), 'utf8')).not.toContain('pwned');
    expect(existsSync(outside)).toBe(false);
  });

  it("never shows the runner's environment, nor lets a file out of the sandbox's /tmp", () => {
    expect(existsSync(exfiltrated)).toBe(false);
    expect(JSON.stringify(verdicts)).not.toContain(secret);
  });

  it("never reaches the host's Redis", async () => {
    const client = new Redis(redis.url);
    try {
      expect(await client.get(`hostile-${token}`)).toBeNull();
    } finally {
      client.disconnect();
    }
  });

  it('leaves no process behind once the verdicts are given', () => {
    const left = spawnSync('pgrep', ['-f', `hostile-${token}`], { encoding: 'utf8' });
    expect(left.stdout.trim()).toBe('');
  });

  it('rejects a test that writes its own verdict, and credits it with no kill', () => {
    const forger = verdicts.find((v) => v.file === 'candidates/forges-verdict.candidate.ts')!;
    expect(forger.status).toBe('rejected');
    expect(forger.killedMutants).toEqual([]);
    expect(forger.reasons.join(' ')).toMatch(/a test that writes its own verdict is rejected/);
  });

  it('never tells a test which mutant is on, and rejects the test that asks', () => {
    const asker = verdicts.find((v) => v.file === 'candidates/asks-the-switch.candidate.ts')!;
    expect(asker.status).toBe('rejected');
    expect(asker.gate).toBe('mutation');
    expect(asker.reasons.join(' ')).toMatch(/asked Attest's mutant switch which mutant was on/);
  });

  it('gives each hostile candidate a verdict', () => {
    expect(verdicts.map((v) => v.file).sort()).toEqual([
      'candidates/asks-the-switch.candidate.ts',
      'candidates/forges-verdict.candidate.ts',
      'candidates/leaves-a-child.candidate.ts',
      'candidates/reaches-redis.candidate.ts',
      'candidates/reads-secrets.candidate.ts',
      'candidates/writes-outside.candidate.ts',
    ]);
  });
});
