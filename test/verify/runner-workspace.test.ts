import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InstallFailedError, RunnerWorkspace } from '../../src/verify/runner-workspace';
import { tempDir } from '../helpers/temp-dir';

describe(RunnerWorkspace.name, () => {
  it('copies the files into a fresh folder, so that writes never reach the original, and removes it on dispose', async () => {
    const original = tempDir();
    writeFileSync(path.join(original.path, 'a.ts'), 'export const a = 1;\n');
    const workspace = await RunnerWorkspace.create(original.path, ['a.ts']);
    try {
      await workspace.writeFile('a.ts', 'changed');
      await workspace.writeFile('test/new.test.ts', 'x');
      expect(readFileSync(path.join(original.path, 'a.ts'), 'utf8')).toBe('export const a = 1;\n');
      expect(existsSync(path.join(original.path, 'test'))).toBe(false);
      expect(readFileSync(path.join(workspace.root, 'test/new.test.ts'), 'utf8')).toBe('x');
    } finally {
      await workspace.dispose();
      original.dispose();
    }
    expect(existsSync(workspace.root)).toBe(false);
  });

  it('needs no install without a lock file', async () => {
    const original = tempDir();
    writeFileSync(path.join(original.path, 'package.json'), '{"name":"x","version":"1.0.0"}');
    const workspace = await RunnerWorkspace.create(original.path, ['package.json']);
    try {
      await expect(workspace.installDependencies()).resolves.toBe('not-needed');
    } finally {
      await workspace.dispose();
      original.dispose();
    }
  });

  it('runs npm ci when the repository has a lock file and no node_modules', async () => {
    const original = tempDir();
    // No dependencies: npm ci succeeds without reaching any registry.
    writeFileSync(path.join(original.path, 'package.json'), '{"name":"x","version":"1.0.0"}');
    writeFileSync(
      path.join(original.path, 'package-lock.json'),
      '{"name":"x","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"x","version":"1.0.0"}}}',
    );
    const workspace = await RunnerWorkspace.create(original.path, [
      'package.json',
      'package-lock.json',
    ]);
    try {
      await expect(workspace.installDependencies()).resolves.toBe('installed');
      expect(existsSync(path.join(original.path, 'node_modules'))).toBe(false);
    } finally {
      await workspace.dispose();
      original.dispose();
    }
  });

  it('gives a clear reason when npm ci fails', async () => {
    const original = tempDir();
    writeFileSync(
      path.join(original.path, 'package.json'),
      '{"name":"x","version":"1.0.0","dependencies":{"left-pad":"1.3.0"}}',
    );
    writeFileSync(
      path.join(original.path, 'package-lock.json'),
      '{"name":"x","lockfileVersion":3,"packages":{"":{"name":"x"}}}',
    );
    const workspace = await RunnerWorkspace.create(original.path, [
      'package.json',
      'package-lock.json',
    ]);
    try {
      await expect(workspace.installDependencies()).rejects.toThrow(InstallFailedError);
      await expect(workspace.installDependencies()).rejects.toThrow(
        /npm ci --ignore-scripts failed in the runner's workspace: .*Check the repository's package-lock\.json\./,
      );
    } finally {
      await workspace.dispose();
      original.dispose();
    }
  });
});
