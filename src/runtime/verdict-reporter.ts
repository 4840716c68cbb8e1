// Attest's only Jest reporter in the runner: it sends each file's results, and the run's
// coverage when asked for, over the verdict channel (see verdict-channel.ts). Jest loads it
// before any test file, so it claims the channel while the channel is still open.
import type { AggregatedResult, TestResult } from '@jest/test-result';
import type { IstanbulCoverage } from '../verify/mutation/protocol';
// The channel module is `export =`: one frozen object, as the environment loads it too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import verdictChannel = require('./verdict-channel');

const channel = verdictChannel.claim();

type CoverageMap = NonNullable<AggregatedResult['coverageMap']>;

/** The channel writes plain data only (it never calls a toJSON): istanbul's FileCoverage, taken apart. */
function plainCoverage(map: CoverageMap): IstanbulCoverage {
  return Object.fromEntries(
    map
      .files()
      .map((file) => [file, map.fileCoverageFor(file).toJSON() as IstanbulCoverage[string]]),
  );
}

function failed(result: TestResult): boolean {
  return Boolean(result.testExecError) || result.numFailingTests > 0;
}

class VerdictReporter {
  #results: AggregatedResult | null = null;
  #sent = false;

  onRunComplete(_contexts: unknown, results: AggregatedResult): void {
    this.#results = results;
  }

  /**
   * Jest asks every reporter for its last error after all of them have run onRunComplete,
   * which is the first moment its coverage reporter has put the run's coverage in the results.
   */
  getLastError(): undefined {
    if (this.#results === null || this.#sent || channel === null) return undefined;
    this.#sent = true;
    const results = this.#results;
    channel.send({
      kind: 'results',
      testResults: results.testResults.map((file) => ({
        name: file.testFilePath,
        status: failed(file) ? 'failed' : 'passed',
        message: file.failureMessage || file.testExecError?.message || '',
        assertionResults: file.testResults.map((test) => ({
          ancestorTitles: test.ancestorTitles,
          title: test.title,
          status: test.status,
          failureMessages: test.failureMessages,
          duration: test.duration ?? null,
        })),
      })),
      coverage: results.coverageMap ? plainCoverage(results.coverageMap) : null,
    });
    return undefined;
  }
}

export = VerdictReporter;
