import { codeLinesOf } from '../../src/plan/plan-targets';
import { aSymbol } from '../helpers/factories';

describe(codeLinesOf.name, () => {
  it("counts the module's private functions as the target's code, but not code inside other exports", () => {
    const duration = aSymbol({ name: 'duration', file: 'd.js', line: 40, endLine: 45 });
    const symbols = [
      aSymbol({ name: 'render', file: 'd.js', line: 3, endLine: 8, exported: 'none' }),
      aSymbol({ name: 'humanizer', file: 'd.js', line: 10, endLine: 20, exported: 'none' }),
      aSymbol({ name: 'format', file: 'd.js', line: 22, endLine: 30 }),
      aSymbol({ name: 'pad', file: 'd.js', line: 24, endLine: 26, exported: 'none' }),
      aSymbol({ name: 'elsewhere', file: 'e.js', line: 1, endLine: 9, exported: 'none' }),
      duration,
    ];
    expect(codeLinesOf(duration, symbols)).toEqual([
      { line: 40, endLine: 45 },
      { line: 3, endLine: 8 },
      { line: 10, endLine: 20 },
    ]);
  });
});
