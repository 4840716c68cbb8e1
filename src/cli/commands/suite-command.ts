import type { Command } from 'commander';
import type { AttestConfig } from '../../core/attest-config';
import { suiteWarning, type VerifyResult } from '../../core/verification';
import { positiveSeconds } from '../arguments';
import { json, type Output } from '../output';
import { containmentLine } from './verify-command';

/** What `attest suite --json` prints: the repository's own suite under Attest's runner. */
export interface SuiteSummary {
  runner: 'jest' | 'vitest';
  /** The suite's test files, those that loaded, and those that did not with why. */
  files: number;
  loaded: number;
  unloadable: { file: string; reason: string }[];
  /** The code files mutated (relative to the repository), and their mutants. */
  codeFiles: string[];
  mutants: number;
  killed: number;
  /** killed / mutants; null with no mutant. */
  score: number | null;
  /** The suite's run with the mutants, in ms (0 when every file's results were reused). */
  runMs: number;
  /** Of runMs, the fresh loads for static mutants. */
  staticMs: number;
  /** Files whose results came from an earlier run of the same content. */
  reused: number;
}

/**
 * `attest suite <repo>`: the repository's own suite run with the mutants of its code, under
 * the runner that judges candidates: which files load, what it kills, and how long it takes.
 * It is the baseline that the added-value gate compares candidates with.
 */
export function registerSuiteCommand(
  program: Command,
  config: () => Promise<AttestConfig>,
  output: Output,
): void {
  program
    .command('suite')
    .description(
      "run the repository's own suite with the mutants of its code: the files that load, the mutants it kills, the time",
    )
    .argument('<repo>', 'the local repository')
    .option('--json', 'print one JSON object')
    .option(
      '--timeout <seconds>',
      'time limit of one runner process (an endless loop ends there)',
      positiveSeconds,
      600,
    )
    .option('--test-timeout <seconds>', 'time limit of one test', positiveSeconds, 5)
    .option('--package <dir>', 'one package of a workspace (packages/foo): its code and its tests')
    .action(
      async (
        repo: string,
        options: { json?: boolean; timeout: number; testTimeout: number; package?: string },
      ) => {
        const { verifyRepository } = await import('../../pipeline/verify-repository.js');
        const result = await verifyRepository(repo, [], await config(), {
          limits: {
            runTimeoutMs: options.timeout * 1000,
            testTimeoutMs: options.testTimeout * 1000,
          },
          ...(options.package ? { package: options.package } : {}),
          measureSuite: true,
        });
        output.err(await containmentLine());
        const summary = summarize(result);
        if (options.json) {
          output.out(json(summary));
          return;
        }
        output.out(
          `${summary.loaded} of ${summary.files} test files loaded under ${summary.runner === 'vitest' ? "the repository's own vitest" : "Attest's Jest"}`,
        );
        if (summary.unloadable.length) output.out(suiteWarning(summary));
        output.out(
          `the suite kills ${summary.killed} of ${summary.mutants} mutants in ${summary.codeFiles.length} code files${summary.score === null ? '' : ` (${(summary.score * 100).toFixed(1)}%)`}, ${summary.reused === summary.files ? 'reused from an earlier run' : `in ${(summary.runMs / 1000).toFixed(1)} s${summary.reused ? ` (${summary.reused} files reused)` : ''}`}`,
        );
      },
    );
}

function summarize(result: VerifyResult): SuiteSummary {
  const suite = result.suite ?? {
    files: 0,
    reused: 0,
    unloadable: [],
    killed: [],
    runMs: 0,
    staticMs: 0,
  };
  const mutants = result.mutants.length;
  return {
    runner: result.containment?.runner ?? 'jest',
    files: suite.files,
    loaded: suite.files - suite.unloadable.length,
    unloadable: suite.unloadable,
    codeFiles: [...new Set(result.mutants.map((m) => m.file))].sort(),
    mutants,
    killed: suite.killed.length,
    score: mutants ? suite.killed.length / mutants : null,
    runMs: suite.runMs,
    staticMs: suite.staticMs,
    reused: suite.reused,
  };
}
