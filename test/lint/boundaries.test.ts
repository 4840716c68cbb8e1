import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Probe files, each in a folder of src/, and what the linter must say of its imports. */
const PROBES: [folder: string, code: string, reason: RegExp | null][] = [
  [
    'understand',
    "import { startService } from '../service/main';\nexport const s = startService;\n",
    /src\/understand sits below src\/service/,
  ],
  [
    'pipeline',
    "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n",
    /Nest lives at the rim/,
  ],
  [
    'verify',
    "import { ExamplesTier } from '../generate/examples-tier';\nexport const t = ExamplesTier;\n",
    /the runner never imports the generator/,
  ],
  [
    'core',
    "import { Git } from '../acquire/git';\nexport const g = Git;\n",
    /core imports nothing of ours/,
  ],
  [
    'generate',
    "import { Octokit } from '@octokit/rest';\nexport const o = Octokit;\n",
    /pull requests go through src\/deliver\/pull-request\.ts/,
  ],
  [
    'runtime',
    "import { MUTATORS } from '../verify/mutation/mutators/mutators';\nexport const m = MUTATORS;\n",
    /runtime\/ loads only Node, TypeScript and its siblings/,
  ],
  [
    'deliver',
    "import { acquireRepo } from '../acquire/acquire-repo';\nexport const a = acquireRepo;\n",
    null,
  ],
];

/**
 * Lints the probes with the project's own config through the real eslint command. Type-checked
 * linting reads only files on disk, so each probe lies in its folder for the length of the run.
 */
function lintProbes(): Map<string, string[]> {
  const files = PROBES.map(([folder]) => `src/${folder}/attest-lint-probe-${process.pid}.ts`);
  try {
    PROBES.forEach(([, code], i) => writeFileSync(path.join(ROOT, files[i]!), code));
    const run = spawnSync(process.execPath, [ESLINT, '--format', 'json', ...files], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const results = JSON.parse(run.stdout) as {
      filePath: string;
      messages: { ruleId: string | null; message: string }[];
    }[];
    return new Map(
      results.map((r) => [
        path.relative(ROOT, r.filePath),
        r.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message),
      ]),
    );
  } finally {
    for (const file of files) rmSync(path.join(ROOT, file), { force: true });
  }
}

describe('the layers the linter enforces', () => {
  let messages: Map<string, string[]>;
  beforeAll(() => {
    messages = lintProbes();
  }, 120_000);

  it.each(PROBES.filter(([, , reason]) => reason !== null))(
    'fails a file in src/%s that imports upward or an adapter it does not own',
    (folder, _code, reason) => {
      expect(messages.get(`src/${folder}/attest-lint-probe-${process.pid}.ts`)).toEqual([
        expect.stringMatching(reason!),
      ]);
    },
  );

  it('lets a folder import the layers below it', () => {
    expect(messages.get(`src/deliver/attest-lint-probe-${process.pid}.ts`)).toEqual([]);
  });
});
