'use strict';
// Attest's only Jest reporter in the runner: it sends each file's results, and the run's
// coverage when asked for, over the verdict channel (see verdict-channel.js). Jest loads it
// before any test file, so it claims the channel while the channel is still open.
const channel = require('./verdict-channel').claim();

// The channel writes plain data only (it never calls a toJSON): each file's coverage is taken
// out of istanbul's FileCoverage here.
const plainCoverage = (map) =>
  Object.fromEntries(map.files().map((file) => [file, map.fileCoverageFor(file).toJSON()]));

const failed = (result) => Boolean(result.testExecError) || result.numFailingTests > 0;

class VerdictReporter {
  #results = null;
  #sent = false;

  onRunComplete(_contexts, results) {
    this.#results = results;
  }

  // Jest asks every reporter for its last error after all of them have run onRunComplete,
  // which is the first moment its coverage reporter has put the run's coverage in the results.
  getLastError() {
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

module.exports = VerdictReporter;
