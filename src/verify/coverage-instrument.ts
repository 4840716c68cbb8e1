// Statement coverage for a run of the repository's own vitest. V8's coverage would need the
// inspector and vite's source maps, and @vitest/coverage-v8 is the repository's to install or
// not; so, as vitest's istanbul provider does, the code files carry istanbul's counters, here
// written into the run's own copy before vite reads them. The counters count from the original
// text, so each statement keeps its line. The hooks (vitest-hooks.ts) read the counters after
// each test and sign what they read with the test's record.
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RunnerWorkspace } from './runner-workspace';

/** The global the counters live under; the hooks read it by this name. */
export const COVERAGE_VARIABLE = '__attestStatementCounters';

/** Per code file (absolute, in the run's copy), each statement's id and its first line. */
export type StatementLines = Record<string, Record<string, number>>;

/** The part of istanbul-lib-instrument's API used here (it ships no types of its own). */
interface Instrumenter {
  instrumentSync(code: string, filename: string): string;
  lastFileCoverage(): { statementMap: Record<string, { start: { line: number } }> };
}
type CreateInstrumenter = (options: Record<string, unknown>) => Instrumenter;

const { createInstrumenter } = createRequire(__filename)('istanbul-lib-instrument') as {
  createInstrumenter: CreateInstrumenter;
};

/** Babel's parser plugins for a file, by its extension: TypeScript's syntax, JSX where it may be. */
function parserPlugins(file: string): string[] {
  const ext = path.extname(file);
  const typescript = ['.ts', '.mts', '.cts', '.tsx'].includes(ext);
  return [
    ...(typescript ? ['typescript', 'decorators-legacy'] : []),
    ...(ext === '.ts' || ext === '.mts' || ext === '.cts' ? [] : ['jsx']),
    'importAttributes',
    'topLevelAwait',
    'classProperties',
    'classPrivateProperties',
    'classPrivateMethods',
  ];
}

/**
 * Rewrites each code file of the copy with istanbul's statement counters, and gives each one's
 * statements. A file that istanbul cannot parse stays as it is, and is not measured.
 */
export async function instrumentForCoverage(
  workspace: RunnerWorkspace,
  files: readonly string[],
): Promise<StatementLines> {
  const lines: StatementLines = {};
  for (const file of files) {
    const absolute = path.join(workspace.root, file);
    const instrumenter = createInstrumenter({
      coverageVariable: COVERAGE_VARIABLE,
      esModules: true,
      produceSourceMap: false,
      parserPlugins: parserPlugins(file),
    });
    let text: string;
    try {
      text = instrumenter.instrumentSync(await fs.readFile(absolute, 'utf8'), absolute);
    } catch {
      continue;
    }
    await workspace.writeFile(file, text);
    lines[absolute] = Object.fromEntries(
      Object.entries(instrumenter.lastFileCoverage().statementMap).map(([id, s]) => [
        id,
        s.start.line,
      ]),
    );
  }
  return lines;
}
