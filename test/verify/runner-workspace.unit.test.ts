import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RunnerWorkspace } from '../../src/verify/runner-workspace';
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

  it('links the node_modules it is given, so that every copy shares one install', async () => {
    const original = tempDir();
    const modules = tempDir();
    writeFileSync(path.join(modules.path, 'marker.js'), 'module.exports = 1;');
    const workspace = await RunnerWorkspace.create(original.path, [], new Map(), modules.path);
    try {
      expect(existsSync(path.join(workspace.root, 'node_modules', 'marker.js'))).toBe(true);
    } finally {
      await workspace.dispose();
      original.dispose();
    }
    expect(existsSync(path.join(modules.path, 'marker.js'))).toBe(true);
    modules.dispose();
  });
});
