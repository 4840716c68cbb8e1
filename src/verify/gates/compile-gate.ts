import { typeCheck, type CompileError } from '../type-check';
import type { VerificationContext } from '../verification-context';
import type { VerificationGate } from './gate';

/**
 * Type-checks the standing files against the repository's own types. An error inside a test's
 * lines rejects that test; an error outside every test (an import) rejects the file.
 */
export class CompileGate implements VerificationGate {
  readonly name = 'compile';

  judge({ ledger, workspace, findings }: VerificationContext): Promise<void> {
    const files = ledger.standingFiles();
    if (files.length === 0) return Promise.resolve();
    for (const [file, errors] of typeCheck(workspace.root, files)) {
      const tests = findings.testLines.get(file) ?? [];
      const within = (e: CompileError) =>
        tests.find((t) => e.line !== null && e.line >= t.line && e.line <= t.endLine);
      const fileWide = errors.filter((e) => !within(e));
      if (fileWide.length)
        ledger.rejectFile(
          file,
          this.name,
          fileWide.map((e) => `the file does not type-check: ${e.text}`),
        );
      for (const test of tests) {
        const own = errors.filter((e) => within(e)?.name === test.name);
        if (own.length)
          ledger.reject(
            { file, name: test.name },
            this.name,
            own.map((e) => `it does not type-check: ${e.text}`),
          );
      }
    }
    return Promise.resolve();
  }
}
