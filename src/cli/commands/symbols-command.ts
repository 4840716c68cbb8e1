import type { Command } from 'commander';
import { parseRepoSource } from '../../acquire/repo-source';
import type { AttestConfig } from '../../core/attest-config';
import { json, type Output } from '../output';

/** `attest symbols <repo>`: the functions, classes and methods tree-sitter found. */
export function registerSymbolsCommand(
  program: Command,
  config: () => Promise<AttestConfig>,
  output: Output,
): void {
  program
    .command('symbols')
    .description(
      'list the functions, classes and methods of a repository, with how each is exported',
    )
    .argument('<repo>', 'a local path or a git URL')
    .option('--ref <ref>', 'branch, tag or commit to read (a git URL, or a local repository)')
    .option('--json', 'print a JSON array')
    .action(async (repo: string, options: { ref?: string; json?: boolean }) => {
      const { withRepository } = await import('../../pipeline/with-repository.js');
      const { understandRepo } = await import('../../understand/understand-repo.js');
      const symbols = await withRepository(
        parseRepoSource(repo, options.ref),
        await config(),
        async (snapshot) => {
          return (await understandRepo(snapshot)).symbols;
        },
      );
      if (options.json) {
        output.out(json(symbols));
        return;
      }
      for (const s of symbols) {
        output.out(`${s.file}:${s.line}\t${s.kind}\t${s.exported}\t${s.signature}`);
      }
      output.err(`${symbols.length} symbols`);
    });
}
