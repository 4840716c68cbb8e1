import type { Command } from 'commander';
import { parseRepoSource } from '../../acquire/repo-source';
import type { AttestConfig } from '../../core/attest-config';
import { json, type Output } from '../output';

/** `attest index <repo>`: builds (or loads) the hybrid index and prints counts and timings. */
export function registerIndexCommand(
  program: Command,
  config: () => Promise<AttestConfig>,
  output: Output,
): void {
  program
    .command('index')
    .description(
      'parse a repository, read its requirements and build its search index; print counts and timings',
    )
    .argument('<repo>', 'a local path or a git URL')
    .option('--ref <ref>', 'branch, tag or commit to read (a git URL, or a local repository)')
    .option('--json', 'print the figures as JSON')
    .action(async (repo: string, options: { ref?: string; json?: boolean }) => {
      const { indexRepository } = await import('../../pipeline/repository-index.js');
      const { withRepository } = await import('../../pipeline/with-repository.js');
      const { understandRepo } = await import('../../understand/understand-repo.js');
      const settings = await config();
      const report = await withRepository(
        parseRepoSource(repo, options.ref),
        settings,
        async (snapshot) => {
          const t0 = Date.now();
          const understanding = await understandRepo(snapshot);
          const t1 = Date.now();
          const { stats } = await indexRepository(snapshot, understanding, settings);
          const examples = understanding.requirements.flatMap((r) => r.examples);
          return {
            commit: snapshot.commit,
            files: snapshot.files.length,
            skipped: snapshot.skipped,
            codeFiles: understanding.parsedFiles.length,
            codeBytes: understanding.codeBytes,
            parseErrors: understanding.parsedFiles.reduce((n, f) => n + f.errorNodes, 0),
            symbols: understanding.symbols.length,
            requirements: countBy(understanding.requirements.map((r) => r.source)),
            examples: examples.length,
            examplesResolved: examples.filter((e) => e.symbolId).length,
            existingTests: understanding.tests.length,
            index: stats,
            timingsMs: { understand: t1 - t0, index: Date.now() - t1 },
          };
        },
      );
      if (options.json) {
        output.out(json(report));
        return;
      }
      const r = report;
      output.out(`commit        ${r.commit}`);
      output.out(
        `files         ${r.files} read, ${Object.values(r.skipped).reduce((a, b) => a + b, 0)} skipped`,
      );
      output.out(
        `code          ${r.codeFiles} files, ${(r.codeBytes / 1024).toFixed(1)} KiB, ${r.parseErrors} parse error nodes`,
      );
      output.out(`symbols       ${r.symbols}`);
      output.out(
        `requirements  ${
          Object.entries(r.requirements)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ') || '0'
        }`,
      );
      output.out(`examples      ${r.examples} (${r.examplesResolved} resolved to a symbol)`);
      output.out(`tests         ${r.existingTests} existing test files`);
      output.out(
        `index         ${r.index.chunks} chunks, ${r.index.embedded} embedded, ${r.index.reused} reused${r.index.loaded ? ' (loaded from disk)' : ''}`,
      );
      output.out(
        `time          understand ${r.timingsMs.understand} ms, index ${r.timingsMs.index} ms`,
      );
    });
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
