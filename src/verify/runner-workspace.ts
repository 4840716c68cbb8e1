import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AttestError } from '../core/attest-error';
import { ProcessRunner } from './process-runner';

const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Why a workspace could not get the repository's dependencies. */
export class InstallFailedError extends AttestError {
  constructor(message: string) {
    super(message, 'input');
  }
}

/**
 * The runner's own copy of a repository: tests run and write here, never in the original.
 * Dependencies come from the original's node_modules (linked, not copied: a copy of a large
 * tree costs seconds per job), or from `npm ci --ignore-scripts` when the repository has a
 * lock file and no node_modules.
 */
export class RunnerWorkspace {
  private constructor(readonly root: string) {}

  /**
   * Copies `files` (paths relative to `source`) into a fresh folder, then writes `texts`
   * (files that exist only as text, such as generated candidates) beside them.
   */
  static async create(
    source: string,
    files: string[],
    texts: ReadonlyMap<string, string> = new Map(),
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
      const modules = path.join(source, 'node_modules');
      if (existsSync(modules)) await fs.symlink(modules, path.join(root, 'node_modules'), 'dir');
      return workspace;
    } catch (error) {
      await workspace.dispose();
      throw error;
    }
  }

  /** Installs dependencies when the repository locks them and has none installed; a no-op otherwise. */
  async installDependencies(runner = new ProcessRunner()): Promise<'installed' | 'not-needed'> {
    if (
      existsSync(path.join(this.root, 'node_modules')) ||
      !existsSync(path.join(this.root, 'package-lock.json'))
    )
      return 'not-needed';
    const npm = path.join(path.dirname(process.execPath), 'npm');
    const result = await runner.run({
      command: existsSync(npm) ? npm : 'npm',
      args: ['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
      cwd: this.root,
      // npm needs its own configuration (registry, cache) from HOME; the tests never see this.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir() },
      timeoutMs: INSTALL_TIMEOUT_MS,
    });
    if (result.status === 'exited' && result.code === 0) return 'installed';
    const why =
      result.status === 'timed-out'
        ? 'it took longer than 10 minutes'
        : result.stderr.trim().split('\n').slice(-3).join(' ');
    throw new InstallFailedError(
      `npm ci --ignore-scripts failed in the runner's workspace: ${why}. Check the repository's package-lock.json.`,
    );
  }

  async writeFile(relative: string, text: string): Promise<void> {
    const dest = path.join(this.root, relative);
    await fs.mkdir(path.dirname(dest), { recursive: true });
    await fs.writeFile(dest, text);
  }

  /** Jest's cache for every run in this workspace, beside it and removed with it. */
  get jestCache(): string {
    return `${this.root}.jest-cache`;
  }

  async dispose(): Promise<void> {
    await fs.rm(this.root, { recursive: true, force: true });
    await fs.rm(this.jestCache, { recursive: true, force: true });
  }
}
