import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork, type ChildProcess } from 'node:child_process';
import { parseFile, type ParsedFile } from './parse-file';
import type { ParseRequest } from './parse-worker';
import { SourceParser, type SourceLanguage } from './source-parser';

/** Below this much code, starting workers (each a Node process that loads tree-sitter) costs more than it saves. */
const PARALLEL_BYTES = 4 * 1024 * 1024;
const MAX_WORKERS = 4;

/**
 * Parses files with tree-sitter in worker processes, one per core: tree-sitter parses at about
 * 8 MB/s on one core here, and a repository's files parse independently.
 *
 * Processes, not worker threads: node-tree-sitter marshals nodes through one buffer per
 * addon, and two threads walking trees at once abort the process (`terminate called after
 * throwing an instance of 'Napi::Error'`, seen here within 70 files).
 */
export class ParsePool {
  private readonly workers: ChildProcess[] = [];
  private readonly pending = new Map<
    number,
    { resolve: (p: ParsedFile) => void; reject: (e: Error) => void; worker: number; bytes: number }
  >();
  /** Characters sent to each worker and not yet parsed: a file goes to the least loaded. */
  private readonly load: number[] = [];
  private readonly local = new SourceParser();
  private nextId = 0;

  private constructor(workerCount: number) {
    const script = path.join(__dirname, 'parse-worker.js');
    for (let i = 0; i < workerCount; i += 1) {
      const worker = fork(script, [], {
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      worker.on('message', (message: { id: number; parsed?: ParsedFile; error?: string }) =>
        this.settle(message),
      );
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code, signal) => {
        if (this.pending.size > 0)
          this.failAll(new Error(`a parse worker stopped (${signal ?? `exit ${code}`})`));
      });
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  /**
   * A pool sized for `totalBytes` of code: no workers for a small repository, or when running
   * from TypeScript sources (under Jest), where the worker script has not been compiled.
   */
  static forBytes(totalBytes: number, parallelBytes = PARALLEL_BYTES): ParsePool {
    const compiled = existsSync(path.join(__dirname, 'parse-worker.js'));
    const cores = Math.min(os.availableParallelism(), MAX_WORKERS);
    return new ParsePool(compiled && totalBytes >= parallelBytes && cores > 1 ? cores : 0);
  }

  get workerCount(): number {
    return this.workers.length;
  }

  parse(file: string, text: string, language: SourceLanguage): Promise<ParsedFile> {
    if (this.workers.length === 0)
      return Promise.resolve(parseFile(this.local, file, text, language));
    const id = this.nextId++;
    const request: ParseRequest = { id, file, text, language };
    const worker = this.load.indexOf(Math.min(...this.load));
    this.load[worker]! += text.length;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker, bytes: text.length });
      this.workers[worker]!.send(request);
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
            worker.once('exit', () => resolve());
            worker.disconnect();
          }),
      ),
    );
  }

  private settle(message: { id: number; parsed?: ParsedFile; error?: string }): void {
    const waiter = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (waiter) this.load[waiter.worker]! -= waiter.bytes;
    if (message.parsed) waiter?.resolve(message.parsed);
    else waiter?.reject(new Error(message.error ?? 'the parse worker sent nothing'));
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
