import type { Command } from 'commander';
import { parseRepoSource } from '../../acquire/repo-source';
import type { AttestConfig } from '../../core/attest-config';
import { positiveInteger } from '../arguments';
import { json, type Output } from '../output';

/** `attest search <repo> <query>`: hybrid retrieval over code and requirements. */
export function registerSearchCommand(
  program: Command,
  config: () => Promise<AttestConfig>,
  output: Output,
): void {
  program
    .command('search')
    .description('search the code and requirements of a repository (vector and BM25, fused)')
    .argument('<repo>', 'a local path or a git URL')
    .argument('<query>', 'what to look for, in words or identifiers')
    .option('--k <n>', 'how many results', positiveInteger, 10)
    .option('--ref <ref>', 'branch, tag or commit to read (a git URL, or a local repository)')
    .option('--json', 'print a JSON array, best first')
    .action(
      async (repo: string, query: string, options: { k: number; ref?: string; json?: boolean }) => {
        const settings = await config();
        const { indexRepository } = await import('../../pipeline/repository-index.js');
        const { withRepository } = await import('../../pipeline/with-repository.js');
        const { understandRepo } = await import('../../understand/understand-repo.js');
        const results = await withRepository(
          parseRepoSource(repo, options.ref),
          settings,
          async (snapshot) => {
            const { retriever } = await indexRepository(
              snapshot,
              await understandRepo(snapshot),
              settings,
            );
            return retriever.search(query, options.k);
          },
        );
        if (options.json) {
          output.out(json(results));
          return;
        }
        results.forEach((r, i) => {
          const title = r.name ?? r.text.split('\n')[0]?.slice(0, 80);
          output.out(
            `${i + 1}. [${r.kind}] ${r.file}:${r.line}  ${title}  (${r.score.toFixed(4)})`,
          );
        });
      },
    );
}
