import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isolation } from '../../src/verify/isolation';
import { verifyJson, type JsonVerdict } from '../helpers/attest-bin';
import { commitAll } from '../helpers/git';
import { FIXTURES, copyFolder, tempDir } from '../helpers/temp-dir';

/**
 * A hostile submitter's repository: its own code (which no static gate reads) reaches for the
 * host, other tenants and its limits, by computed names; candidates call it and assert that the
 * attack worked. Contained, each of those candidates fails on the original code, so its verdict
 * is a rejection at the pass gate, with the reason the sandbox gave it.
 */
const PROBE = `const load = (name: string): any => require(['node', name].join(':'));
const fs = load('fs');

export function canRead(file: string): boolean {
  try {
    fs.readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

export function canList(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

export function startProcesses(count: number): number {
  const { spawn } = load('child_process');
  let started = 0;
  for (let i = 0; i < count; i += 1) {
    try {
      const child = spawn('sleep', ['2'], { stdio: 'ignore' });
      child.on('error', () => {});
      if (child.pid) started += 1;
    } catch {
      break;
    }
  }
  return started;
}

export function fill(file: string, megabytes: number): number {
  const chunk = Buffer.alloc(1024 * 1024, 1);
  const fd = fs.openSync(file, 'w');
  try {
    for (let i = 0; i < megabytes; i += 1) fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  return megabytes;
}

/** Fills a folder with files of 32 MiB each, each under the largest file a run may write. */
export function fillFolder(dir: string, megabytes: number): number {
  for (let written = 0; written < megabytes; written += 32) fill(dir + '/fill-' + written, 32);
  return megabytes;
}

export function openInspector(): boolean {
  const session = new (load('inspector').Session)();
  session.connect();
  return true;
}
`;

/** The runner realm's Error, as a core module throws it: no constructor that the gate bans. */
const OUTER_ERROR = `let OuterError: any;
try {
  require(['node', 'fs'].join(':')).readFileSync('/nonexistent-attest-path');
} catch (error) {
  OuterError = (error as any).constructor;
}
`;

describe('containment of a hostile repository and its tests', () => {
  const token = Math.random().toString(36).slice(2, 10);
  let repo: { path: string; dispose: () => void };
  let data: string;
  let hostSecret: string;
  let verdicts: JsonVerdict[];
  const verdict = (name: string) =>
    verdicts.find((v) => v.file === `candidates/${name}.candidate.ts`)!;

  beforeAll(() => {
    repo = copyFolder(path.join(FIXTURES, 'verify-repo'));
    // Not under /tmp: the data directory of a deployment (compose mounts it at /data).
    data = mkdtempSync(path.join(os.homedir(), '.attest-containment-data-'));
    hostSecret = path.join(os.homedir(), `.attest-containment-secret-${token}`);
    writeFileSync(hostSecret, 'host secret');
    mkdirSync(path.join(data, 'snapshots', 'other-tenant'), { recursive: true });
    writeFileSync(path.join(data, 'snapshots', 'other-tenant', 'secret.txt'), 'their code');
    writeFileSync(path.join(repo.path, 'src', 'probe.ts'), PROBE);
    // The repository brings its own node_modules, a gitignored .env and git credentials.
    mkdirSync(path.join(repo.path, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(
      path.join(repo.path, 'node_modules', 'left-pad', 'index.js'),
      'module.exports = 1;\n',
    );
    writeFileSync(path.join(repo.path, '.gitignore'), 'node_modules\n.env\n');
    writeFileSync(path.join(repo.path, '.env'), `SECRET=${token}\n`);
    commitAll(repo.path);
    const original = repo.path;
    const attest = path.resolve(__dirname, '..', '..');
    const attack = (check: string) => `import { canList, canRead } from '../src/probe';

it('reaches what the sandbox hides', () => {
  expect(${check}).toBe(true);
});
`;
    const candidates: Record<string, string> = {
      'reads-shadow': attack(`canRead('/etc/shadow')`),
      'reads-host-home': attack(`canRead(${JSON.stringify(hostSecret)})`),
      'reads-attest-checkout': attack(
        `canRead(${JSON.stringify(path.join(attest, 'package-lock.json'))}) && canList(${JSON.stringify(attest)}) && canRead(${JSON.stringify(path.join(attest, 'jest.config.js'))})`,
      ),
      'reads-other-tenant': attack(
        `canRead(${JSON.stringify(path.join(data, 'snapshots', 'other-tenant', 'secret.txt'))}) || canList(${JSON.stringify(path.join(data, 'snapshots'))})`,
      ),
      'reads-original-env': attack(`canRead(${JSON.stringify(path.join(original, '.env'))})`),
      'reads-original-git': attack(
        `canRead(${JSON.stringify(path.join(original, '.git', 'config'))})`,
      ),
      'reads-own-memory': attack(`canRead('/proc/self/maps')`),
      'starts-300-processes': `import { startProcesses } from '../src/probe';

it('starts 300 processes', () => {
  expect(startProcesses(300)).toBe(300);
});
`,
      'fills-tmp': `import { fillFolder } from '../src/probe';

it('fills a gigabyte of the RAM-backed /tmp', () => {
  expect(fillFolder('/tmp', 1024)).toBe(1024);
});
`,
      'writes-a-huge-file': `import { fill } from '../src/probe';

it('writes a file larger than a run may', () => {
  expect(fill(__dirname + '/huge-${token}', 300)).toBe(300);
});
`,
      'opens-the-inspector': `import { openInspector } from '../src/probe';

it('opens the inspector of its own process', () => {
  expect(openInspector()).toBe(true);
});
`,
      'plants-tojson': `import { add } from '../src/math';

it('rewrites the records before they are signed', () => {
  const outer = Object.getPrototypeOf(require(['node', 'os'].join(':')));
  try {
    Object.defineProperty(outer, 'toJSON', {
      value(this: any) {
        return this && this.status === 'failed' ? { ...this, status: 'passed', failureMessages: [] } : this;
      },
    });
  } catch {}
  expect(add(1, 2)).toBe(4);
});
`,
      'fakes-its-caller': `import { add } from '../src/math';
${OUTER_ERROR}
const list = (Object as any)['getOwn' + 'PropertyNames'];
const code = require(['node', 'path'].join(':')).join(__dirname, '..', 'src', 'math.ts');

it('adds, and fails whenever a mutant is on', () => {
  try {
    Object.defineProperty(OuterError, 'prepareStackTrace', {
      configurable: true,
      get: () => () => [{ getFileName: () => code }],
      set: () => {},
    });
  } catch {}
  const g: any = globalThis;
  const probes = g[list(g).find((n: string) => n.endsWith('Switch'))];
  let on = false;
  for (let id = 1; id < 200; id += 1) on = probes.mutant(id) || on;
  expect(add(1, 2)).toBe(on ? 4 : 3);
});
`,
      'compiles-from-strings-outside': `import { add } from '../src/math';
${OUTER_ERROR}
it('reaches the runner realm through its Function constructor', () => {
  const make = OuterError.constructor;
  expect(typeof make('return process')()).toBe(add(0, 0) === 0 ? 'object' : 'none');
});
`,
    };
    for (const [name, text] of Object.entries(candidates))
      writeFileSync(path.join(repo.path, 'candidates', `${name}.candidate.ts`), text);
    verdicts = verifyJson(
      repo.path,
      Object.keys(candidates).map((name) => `candidates/${name}.candidate.ts`),
      ['--timeout', '30'],
      { ATTEST_DATA_DIR: data },
    );
  }, 300_000);

  afterAll(() => {
    rmSync(hostSecret, { force: true });
    rmSync(data, { recursive: true, force: true });
    repo.dispose();
  });

  it('runs in bubblewrap on this machine', () => {
    expect(isolation().level).toBe('sandbox');
  });

  it.each([
    ['reads-shadow', '/etc/shadow'],
    ['reads-host-home', "a file in the host's home"],
    ['reads-attest-checkout', "Attest's own checkout beyond what a run loads"],
    ['reads-other-tenant', "another job's snapshot in the data directory"],
    ['reads-original-env', "the original repository's .env, beside its own node_modules"],
    ['reads-original-git', "the original repository's .git/config"],
    ['reads-own-memory', "its own process's memory maps, where the run's key lies"],
  ])('never lets a run read %s (%s)', (name) => {
    const v = verdict(name);
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.reasons.join(' ')).toMatch(/Expected: true\s+Received: false/);
  });

  it('holds a run to its process limit, and says so', () => {
    const v = verdict('starts-300-processes');
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.reasons.join(' ')).toMatch(/used more than \d+ processes at once/);
  });

  it("holds a run's RAM-backed /tmp to its size", () => {
    const v = verdict('fills-tmp');
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.reasons.join(' ')).toMatch(/ENOSPC|no space left/i);
  });

  it('holds the files a run writes to their largest size', () => {
    const v = verdict('writes-a-huge-file');
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.reasons.join(' ')).toMatch(/wrote a file larger than \d+ MiB/);
  });

  it('shuts the inspector, through which a test could read the run’s key', () => {
    const v = verdict('opens-the-inspector');
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.reasons.join(' ')).toMatch(/restricted|ERR_ACCESS_DENIED/);
  });

  it('gives a test that plants a toJSON in the runner realm its own failure', () => {
    const v = verdict('plants-tojson');
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.killedMutants).toEqual([]);
  });

  it('never tells a test that fakes its caller which mutant is on', () => {
    const v = verdict('fakes-its-caller');
    expect([v.status, v.gate]).toEqual(['rejected', 'mutation']);
    expect(v.reasons.join(' ')).toMatch(/asked Attest's mutant switch which mutant was on/);
  });

  it("compiles no code from strings in the runner's realm", () => {
    const v = verdict('compiles-from-strings-outside');
    expect([v.status, v.gate]).toEqual(['rejected', 'pass']);
    expect(v.reasons.join(' ')).toMatch(/Code generation from strings disallowed/);
  });
});

describe('the compile gate', () => {
  it('reads no file outside the repository and its install, and names the path it refused', () => {
    const repo = copyFolder(path.join(FIXTURES, 'verify-repo'));
    const outside = tempDir('attest-outside-');
    try {
      writeFileSync(path.join(outside.path, 'secret.ts'), 'export const secret: number = 42;\n');
      writeFileSync(
        path.join(repo.path, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            esModuleInterop: true,
            baseUrl: '.',
            paths: { '@outside/*': [`${outside.path}/*`] },
          },
        }),
      );
      writeFileSync(
        path.join(repo.path, 'candidates', 'outside.candidate.ts'),
        `import { add } from '../src/math';
import { secret } from '@outside/secret';

it('adds what lies outside', () => {
  expect(add(secret, 0)).toBe(42);
});
`,
      );
      const [v] = verifyJson(repo.path, ['candidates/outside.candidate.ts']);
      expect([v!.status, v!.gate]).toEqual(['rejected', 'compile']);
      expect(v!.reasons.join(' ')).toContain(
        `an import resolves outside the repository and its installed dependencies (${outside.path}`,
      );
    } finally {
      repo.dispose();
      outside.dispose();
    }
  }, 120_000);
});
