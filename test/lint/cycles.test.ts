import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const MADGE = path.join(ROOT, 'node_modules', 'madge', 'bin', 'cli.js');

/** The import cycles madge finds in src/, as `npm run lint:cycles` looks for them. */
function cycles(): string[][] {
  const run = spawnSync(
    process.execPath,
    [MADGE, '--circular', '--json', '--extensions', 'ts', '--ts-config', 'tsconfig.json', 'src'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return JSON.parse(run.stdout) as string[][];
}

describe('import cycles', () => {
  it('finds none in src/ but the one a pair of probe files makes', () => {
    const [a, b] = ['a', 'b'].map((n) => `core/attest-lint-probe-${process.pid}-${n}`);
    try {
      writeFileSync(
        path.join(ROOT, 'src', `${a}.ts`),
        `import { b } from './${path.basename(b!)}';\nexport const a = () => b;\n`,
      );
      writeFileSync(
        path.join(ROOT, 'src', `${b}.ts`),
        `import { a } from './${path.basename(a!)}';\nexport const b = () => a;\n`,
      );
      expect(cycles()).toEqual([[`${a}.ts`, `${b}.ts`]]);
    } finally {
      for (const probe of [a, b]) rmSync(path.join(ROOT, 'src', `${probe}.ts`), { force: true });
    }
  });
});
