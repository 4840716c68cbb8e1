import type { RunnerSettings } from '../core/verification';
import { provideDependencies, type Dependencies } from './dependencies';
import { RunnerWorkspace } from './runner-workspace';

/**
 * Every copy of one snapshot that a run of the runner makes, and the one install of the
 * repository's dependencies that they all link to; `dispose()` removes them all, on every path.
 */
export class RunnerCopies {
  private readonly copies: RunnerWorkspace[] = [];

  private constructor(
    private readonly root: string,
    private readonly files: readonly string[],
    readonly dependencies: Dependencies,
  ) {}

  /** Gets the snapshot's dependencies once, for every copy made from it. */
  static async open(
    root: string,
    files: readonly string[],
    settings: RunnerSettings,
  ): Promise<RunnerCopies> {
    return new RunnerCopies(root, files, await provideDependencies(root, files, settings));
  }

  /** A fresh copy of the snapshot with these texts written in, linked to the dependencies. */
  async copy(texts: ReadonlyMap<string, string>): Promise<RunnerWorkspace> {
    const copy = await RunnerWorkspace.create(
      this.root,
      [...new Set([...this.files, ...texts.keys()])],
      texts,
      this.dependencies.modules,
    );
    this.copies.push(copy);
    return copy;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.copies.map((c) => c.dispose()));
    await this.dependencies.dispose();
  }
}
