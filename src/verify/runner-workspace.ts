import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One of the runner's copies of a repository: tests run and write here, never in the original.
 * Its node_modules is a link to the verification's one set of dependencies.
 */
export class RunnerWorkspace {
  private constructor(readonly root: string) {}

  /**
   * Copies `files` (paths relative to `source`) into a fresh folder, writes `texts` (files that
   * exist only as text, such as generated candidates) beside them, and links `modules` as its
   * node_modules, and the node_modules of each `nested` workspace package beside it.
   */
  static async create(
    source: string,
    files: string[],
    texts: ReadonlyMap<string, string> = new Map(),
    modules: string | null = null,
    nested: readonly string[] = [],
  ): Promise<RunnerWorkspace> {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-runner-'));
    const workspace = new RunnerWorkspace(root);
    try {
      for (const file of files) {
        if (texts.has(file)) continue;
        const dest = path.join(root, file);
        await fs.mkdir(path.dirname(dest), { recursive: true });
        await fs.copyFile(path.join(source, file), dest);
      }
      for (const [file, text] of texts) await workspace.writeFile(file, text);
      if (modules) {
        // Linked by its real path: a sandboxed run sees no folder the link would pass through.
        await fs.symlink(await fs.realpath(modules), path.join(root, 'node_modules'), 'dir');
        for (const folder of nested) {
          await fs.mkdir(path.join(root, folder), { recursive: true });
          await fs.symlink(
            await fs.realpath(path.join(path.dirname(modules), folder, 'node_modules')),
            path.join(root, folder, 'node_modules'),
            'dir',
          );
        }
      }
      return workspace;
    } catch (error) {
      await workspace.dispose();
      throw error;
    }
  }

  async writeFile(relative: string, text: string): Promise<void> {
    const dest = path.join(this.root, relative);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.writeFile(dest, text);
  }

  /**
   * Jest's cache for every run in this workspace, beside it and removed with it. Its name must
   * not begin with the workspace's: Node 20's permission model then refuses a stat of the
   * workspace folder itself (its radix tree splits the two names at their common prefix).
   */
  get jestCache(): string {
    return path.join(path.dirname(this.root), `jest-cache-${path.basename(this.root)}`);
  }

  async dispose(): Promise<void> {
    await fs.rm(this.root, { recursive: true, force: true });
    await fs.rm(this.jestCache, { recursive: true, force: true });
  }
}
