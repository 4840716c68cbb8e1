import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunnerSettings, SnapshotRef } from '../core/verification';
import { provideDependencies, type Dependencies } from './dependencies';
import { RunnerWorkspace } from './runner-workspace';

/**
 * Every copy of one snapshot that a run of the runner makes, and the one install of the
 * repository's dependencies that they all link to; `dispose()` removes them all, on every path.
 */
export class RunnerCopies {
  private readonly copies: RunnerWorkspace[] = [];
  private readonly homes: string[] = [];

  private constructor(
    private readonly root: string,
    private readonly files: readonly string[],
    readonly dependencies: Dependencies,
  ) {}

  /** Gets the snapshot's dependencies once, for every copy made from it. */
  static async open(snapshot: SnapshotRef, settings: RunnerSettings): Promise<RunnerCopies> {
    const { root, files } = snapshot;
    return new RunnerCopies(
      root,
      files,
      await provideDependencies(root, files, settings, snapshot.package),
    );
  }

  /** A fresh copy of the snapshot with these texts written in, linked to the dependencies. */
  async copy(texts: ReadonlyMap<string, string>): Promise<RunnerWorkspace> {
    const copy = await RunnerWorkspace.create(
      this.root,
      [...new Set([...this.files, ...texts.keys()])],
      texts,
      this.dependencies.modules,
      this.dependencies.nested,
    );
    this.copies.push(copy);
    return copy;
  }

  /** An empty folder for tests to use as HOME and TMPDIR across runs, removed with the copies. */
  async home(): Promise<string> {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-home-'));
    this.homes.push(home);
    return home;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.copies.map((c) => c.dispose()));
    await Promise.all(this.homes.map((h) => fs.rm(h, { recursive: true, force: true })));
    await this.dependencies.dispose();
  }
}
