import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { BIN, runAttest, verifyJson, type JsonVerdict } from '../helpers/attest-bin';
import { lockedPackage, writeNpmLock, type Manager } from '../helpers/locked-package';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { FIXTURES, copyFolder, tempDir } from '../helpers/temp-dir';

/** Code a hostile repository asks its package manager to run: it writes to the host's Redis. */
function hostileCode(redisPort: string, key: string): string {
  return `require('net').connect(${redisPort}, '127.0.0.1', function () {
  this.end('SELECT 9\\r\\nSET ${key} 1\\r\\n');
});
require('fs').writeFileSync(require('path').join(process.cwd(), 'hostile-ran'), '1');
`;
}

/** Every file below `dir` named `name`. */
function found(dir: string, name: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => path.basename(f) === name,
  );
}

/** The verify-repo fixture with a package.json, lock and dependency of `manager`'s. */
function repoWithInstall(manager: Manager): { path: string; dispose: () => void; files: string[] } {
  const repo = copyFolder(path.join(FIXTURES, 'verify-repo'));
  const files = lockedPackage(repo.path, manager);
  return { ...repo, files };
}

describe('containment of the install', () => {
  let redis: TestRedis;
  const token = Math.random().toString(36).slice(2, 10);

  beforeAll(async () => {
    redis = await startTestRedis(13);
  });

  afterAll(async () => {
    await redis.stop();
  });

  const redisPort = () => new URL(redis.url).port || '6379';
  const redisKey = async (key: string) => {
    const client = new Redis(redis.url);
    try {
      return await client.get(key);
    } finally {
      client.disconnect();
    }
  };

  it.each([
    ['yarn-berry', 'yarnPath and plugins in .yarnrc.yml'],
    ['pnpm', 'a .pnpmfile.cjs'],
  ] as const)(
    'runs no code of a %s repository that asks for it (%s)',
    async (manager: Manager, _asked: string) => {
      const repo = repoWithInstall(manager);
      const data = tempDir();
      const key = `hostile-${manager}-${token}`;
      try {
        const code = hostileCode(redisPort(), key);
        if (manager === 'yarn-berry') {
          mkdirSync(path.join(repo.path, '.yarn', 'releases'), { recursive: true });
          mkdirSync(path.join(repo.path, '.yarn', 'plugins'), { recursive: true });
          writeFileSync(path.join(repo.path, '.yarn', 'releases', 'yarn-hostile.cjs'), code);
          writeFileSync(
            path.join(repo.path, '.yarn', 'plugins', 'hostile.cjs'),
            `${code}module.exports = { name: 'hostile', factory: () => ({}) };\n`,
          );
          writeFileSync(
            path.join(repo.path, '.yarnrc.yml'),
            'nodeLinker: node-modules\nyarnPath: .yarn/releases/yarn-hostile.cjs\nplugins:\n  - path: .yarn/plugins/hostile.cjs\n',
          );
        } else {
          writeFileSync(
            path.join(repo.path, '.pnpmfile.cjs'),
            `${code}module.exports = { hooks: { readPackage: (p) => p } };\n`,
          );
        }
        const [verdict] = verifyJson(repo.path, ['candidates/good.candidate.ts'], [], {
          ATTEST_DATA_DIR: data.path,
        });
        expect(verdict!.status).toBe('accepted');
        expect(await redisKey(key)).toBeNull();
        expect(found(data.path, 'hostile-ran')).toEqual([]);
      } finally {
        repo.dispose();
        data.dispose();
      }
    },
    240_000,
  );

  describe('its network', () => {
    let registry: http.Server;
    let requests: string[];
    let port: number;
    let tarball: Buffer;

    beforeAll(async () => {
      const pack = tempDir();
      try {
        const dep = path.join(pack.path, 'dep');
        mkdirSync(dep);
        writeFileSync(
          path.join(dep, 'package.json'),
          '{"name":"dep","version":"1.0.0","main":"index.js"}',
        );
        writeFileSync(path.join(dep, 'index.js'), 'module.exports = 42;\n');
        const name = execFileSync('npm', ['pack', '--silent', dep], {
          cwd: pack.path,
          encoding: 'utf8',
        }).trim();
        tarball = readFileSync(path.join(pack.path, name));
      } finally {
        pack.dispose();
      }
      requests = [];
      registry = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
      });
      await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r));
      port = (registry.address() as AddressInfo).port;
    });

    afterAll(async () => {
      await new Promise<void>((r) => registry.close(() => r()));
    });

    /** The fixture with a run-time dependency locked at this machine's registry stand-in. */
    function lockedAtStandIn(): { path: string; dispose: () => void } {
      const repo = copyFolder(path.join(FIXTURES, 'verify-repo'));
      const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
      const pkg = { name: 'verify-repo', version: '1.0.0', dependencies: { dep: '1.0.0' } };
      writeNpmLock(repo.path, pkg, {
        'node_modules/dep': {
          version: '1.0.0',
          resolved: `http://127.0.0.1:${port}/dep/-/dep-1.0.0.tgz`,
          integrity,
        },
      });
      writeFileSync(path.join(repo.path, '.npmrc'), 'fetch-retries=0\n');
      return repo;
    }

    it('reaches a host that is not a configured registry never, and names it', () => {
      const repo = lockedAtStandIn();
      const data = tempDir();
      requests.length = 0;
      try {
        const result = spawnSync(
          process.execPath,
          [BIN, 'verify', '.', 'candidates/good.candidate.ts', '--json'],
          {
            cwd: repo.path,
            encoding: 'utf8',
            env: {
              PATH: process.env.PATH ?? '',
              HOME: process.env.HOME ?? '',
              ATTEST_DATA_DIR: data.path,
            },
            timeout: 240_000,
          },
        );
        expect(result.status).not.toBe(0);
        expect(result.stderr).toMatch(
          /It asked for 127\.0\.0\.1, which is not a configured registry \(named by the lock file or \.npmrc\); an operator allows a registry with ATTEST_REGISTRIES/,
        );
        expect(requests).toEqual([]);
      } finally {
        repo.dispose();
        data.dispose();
      }
    }, 240_000);

    it('installs from a configured registry through the egress proxy', async () => {
      const repo = lockedAtStandIn();
      const data = tempDir();
      requests.length = 0;
      try {
        // Not spawnSync: the registry stand-in answers from this process.
        const result = await runAttest(
          ['verify', '.', 'candidates/good.candidate.ts', '--json'],
          { ATTEST_DATA_DIR: data.path, ATTEST_REGISTRIES: '127.0.0.1' },
          repo.path,
        );
        expect(result.code).toBe(0);
        const [verdict] = JSON.parse(result.stdout) as JsonVerdict[];
        expect(verdict!.status).toBe('accepted');
        expect(requests).toEqual(['/dep/-/dep-1.0.0.tgz']);
      } finally {
        repo.dispose();
        data.dispose();
      }
    }, 240_000);
  });

  it("never serves one repository's install to another with the same lock and other file: content", () => {
    const data = tempDir();
    const attacker = repoWithInstall('npm');
    const victim = repoWithInstall('npm');
    try {
      writeFileSync(path.join(attacker.path, 'dep', 'index.js'), 'module.exports = 666;\n');
      for (const repo of [attacker, victim]) {
        writeFileSync(
          path.join(repo.path, 'src', 'value.ts'),
          "export function value(offset: number): number {\n  return (require('dep') as number) + offset;\n}\n",
        );
        writeFileSync(
          path.join(repo.path, 'candidates', 'value.candidate.ts'),
          "import { value } from '../src/value';\n\nit('adds to the dependency', () => {\n  expect(value(1)).toBe(43);\n});\n",
        );
      }
      const env = { ATTEST_DATA_DIR: data.path };
      const [first] = verifyJson(attacker.path, ['candidates/value.candidate.ts'], [], env);
      expect(first!.status).toBe('rejected');
      const [second] = verifyJson(victim.path, ['candidates/value.candidate.ts'], [], env);
      expect(second!.status).toBe('accepted');
    } finally {
      attacker.dispose();
      victim.dispose();
      data.dispose();
    }
  }, 240_000);
});
