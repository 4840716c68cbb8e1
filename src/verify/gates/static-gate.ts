import { promises as fs } from 'node:fs';
import path from 'node:path';
import { staticFindings } from '../static/static-findings';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/** Reads each candidate without running it, and rejects only what the text alone proves. */
export class StaticGate implements VerificationGate {
  readonly name = 'static';

  async judge({ request, workspace, ledger, parser, isRepoModule, findings }: VerificationContext) {
    for (const candidate of request.candidates) {
      const { file } = candidate;
      const text = await fs.readFile(path.join(workspace.root, file), 'utf8');
      const result = staticFindings(text, file, isRepoModule, parser, candidate.target);
      if (result.status === 'unreadable') {
        const whole = { file, name: '(file)' };
        ledger.add(whole, candidate);
        ledger.reject(whole, this.name, [result.reason]);
        continue;
      }
      findings.testLines.set(file, result.tests);
      for (const test of result.tests) {
        const id = { file, name: test.name };
        ledger.add(id, candidate);
        if (test.reasons.length) ledger.reject(id, this.name, test.reasons);
      }
    }
  }
}
