import type { Command } from 'commander';
import type { AttestConfig } from '../../core/attest-config';
import type { Verdict } from '../../core/verdict';
import { DEFAULT_LIMITS } from '../../core/verification';
import { positiveInteger, positiveSeconds } from '../arguments';
import { json, type Output } from '../output';

/** `attest verify <repo> <test-file>...`: the independent runner alone, one verdict per test. */
export function registerVerifyCommand(
  program: Command,
  config: () => Promise<AttestConfig>,
  output: Output,
): void {
  program
    .command('verify')
    .description(
      'judge test files that lie inside a repository: static, compile, pass, stable, hollow, mutation and added-value gates',
    )
    .argument('<repo>', 'the local repository the tests belong to')
    .argument(
      '<test-files...>',
      'test files inside the repository (absolute, or relative to the current folder)',
    )
    .option('--json', 'print a JSON array, one object per test')
    .option(
      '--timeout <seconds>',
      'time limit of one Jest run (an endless loop ends there)',
      positiveSeconds,
      120,
    )
    .option('--test-timeout <seconds>', 'time limit of one test', positiveSeconds, 5)
    .option(
      '--memory <MiB>',
      'heap cap of one test process (a test that allocates without bound ends there)',
      positiveInteger,
      DEFAULT_LIMITS.memoryMb,
    )
    .option(
      '--package <dir>',
      "one package of a workspace (packages/foo): its tests are the suite, not every package's",
    )
    .action(
      async (
        repo: string,
        testFiles: string[],
        options: {
          json?: boolean;
          timeout: number;
          testTimeout: number;
          memory: number;
          package?: string;
        },
      ) => {
        const { verifyRepository } = await import('../../pipeline/verify-repository.js');
        const result = await verifyRepository(repo, testFiles, await config(), {
          limits: {
            runTimeoutMs: options.timeout * 1000,
            testTimeoutMs: options.testTimeout * 1000,
            memoryMb: options.memory,
          },
          ...(options.package ? { package: options.package } : {}),
        });
        output.err(await containmentLine());
        if (options.json) {
          output.out(json(result.verdicts.map(forJson)));
          return;
        }
        for (const v of result.verdicts) {
          output.out(`${v.status === 'accepted' ? 'ACCEPTED' : 'REJECTED'}  ${v.file} > ${v.name}`);
          if (v.status === 'accepted')
            output.out(
              `          kills ${v.killedMutants.length} mutants, ${v.assertionCount} assertions`,
            );
          else output.out(`          gate ${v.gate}: ${v.reasons.join(' ')}`);
        }
        const accepted = result.verdicts.filter((v) => v.status === 'accepted').length;
        output.out(
          `${accepted} accepted, ${result.verdicts.length - accepted} rejected; ${result.mutants.length} mutants`,
        );
      },
    );
}

/** What stderr says of how the tests were contained, after a run of the runner. */
export async function containmentLine(): Promise<string> {
  const { INSTALL_BUBBLEWRAP, isolation } = await import('../../verify/isolation.js');
  const protection = isolation();
  return protection.level === 'sandbox'
    ? `attest: the tests ran in ${protection.how}`
    : `attest: the tests ran unsandboxed, in ${protection.how}: ${INSTALL_BUBBLEWRAP}`;
}

function forJson(v: Verdict) {
  return {
    file: v.file,
    name: v.name,
    status: v.status,
    gate: v.gate,
    reasons: v.reasons,
    assertionCount: v.assertionCount,
    killedMutants: v.killedMutants,
    durationMs: v.durationMs,
  };
}
