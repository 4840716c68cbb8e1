import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contentHash } from '../core/content-hash';
import type { SnapshotRef } from '../core/verification';
import { languageOf, type SourceParser } from '../understand/source-parser';
import { LoadGraph, registryDependencies } from './load-graph';

/** Files that configure every run (a runner's or a build tool's config, setup files, manual mocks). */
const RUN_CONFIG =
  /(?:^|\/)(?:[^/]*\.config\.[cm]?[jt]s|[^/]*setup[^/]*\.[cm]?[jt]sx?|__mocks__\/.+)$/i;

/**
 * Prose: no runner or compiler reads it, so only a run that reads files (fs, an open graph, keyed
 * by every file) can depend on it. A change to the docs alone re-judges nothing.
 */
const PROSE = /\.(?:md|mdx|markdown|feature|rst|adoc|txt)$/i;

/**
 * What a test file's run can read of the snapshot, as a cache key: the load graph from the test
 * file and from the run's config and setup files (LoadGraph), plus every file that is neither
 * code nor prose (manifests, tsconfig, declarations, snapshots, fixtures), each by its content.
 * When the graph is open (a computed module name, fs, a package that is not a registry
 * dependency), every file of the snapshot and every given text.
 */
export class RunInputs {
  private readonly hashes = new Map<string, string>();
  private readonly graph: LoadGraph;
  private readonly configRoots: string[];
  private readonly nonCode: string[];

  constructor(
    private readonly snapshot: SnapshotRef,
    /** Test files no run loads unless it names them: never a config root. */
    tests: readonly string[],
    /** Files whose text the request gives (candidates), over the snapshot's own. */
    private readonly texts: ReadonlyMap<string, string>,
    parser: SourceParser,
  ) {
    const suite = new Set(tests);
    this.configRoots = snapshot.files.filter((f) => RUN_CONFIG.test(f) && !suite.has(f));
    this.nonCode = snapshot.files.filter((f) => languageOf(f) === null && !PROSE.test(f));
    const manifests = ['package.json', path.posix.join(snapshot.package ?? '', 'package.json')];
    this.graph = new LoadGraph(
      new Set([...snapshot.files, ...texts.keys()]),
      (f) => this.textOf(f),
      parser,
      registryDependencies(manifests.map((m) => this.textOf(m))),
    );
  }

  /** A hash of every file a run that starts at `file` can read, by path and content. */
  keyOf(file: string): string {
    const reach = this.graph.from([file, ...this.configRoots]);
    const keyed = reach
      ? new Set([...reach, ...this.nonCode])
      : new Set([...this.snapshot.files, ...this.texts.keys()]);
    const parts = [...keyed].sort().map((f) => `${f}:${this.hashOf(f)}`);
    return contentHash(parts.join('\u0000'), 32);
  }

  private textOf(file: string): string | null {
    const given = this.texts.get(file);
    if (given !== undefined) return given;
    try {
      return readFileSync(path.join(this.snapshot.root, file), 'utf8');
    } catch {
      return null;
    }
  }

  private hashOf(file: string): string {
    let hash = this.hashes.get(file);
    if (hash === undefined)
      this.hashes.set(file, (hash = contentHash(this.textOf(file) ?? '', 32)));
    return hash;
  }
}
