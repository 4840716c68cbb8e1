import { keepTests } from '../../src/deliver/keep-tests';

const FILE = [
  "import { ordinal } from '../../src/numbers';",
  '',
  "describe('ordinal', () => {",
  '  // requirement: R-1',
  "  it('1st', () => {",
  "    expect(ordinal(1)).toBe('1st');",
  '  });',
  '',
  '  // requirement: R-1',
  "  it('11th', () => {",
  "    expect(ordinal(11)).toBe('11th');",
  '  });',
  '});',
  '',
].join('\n');

/** The file as kept: its head and foot around the given lines. */
function kept(...body: string[]): string {
  return [
    "import { ordinal } from '../../src/numbers';",
    '',
    "describe('ordinal', () => {",
    ...body,
    '});',
    '',
  ].join('\n');
}

describe(keepTests.name, () => {
  it('cuts the tests not kept, with their citation, and leaves the rest as written', () => {
    expect(keepTests(FILE, 'x.test.ts', new Set(['ordinal > 1st']))).toBe(
      kept(
        '  // requirement: R-1',
        "  it('1st', () => {",
        "    expect(ordinal(1)).toBe('1st');",
        '  });',
      ),
    );
  });

  it('cuts the first test of a block with the blank line after it, so no gap opens the block', () => {
    expect(keepTests(FILE, 'x.test.ts', new Set(['ordinal > 11th']))).toBe(
      kept(
        '  // requirement: R-1',
        "  it('11th', () => {",
        "    expect(ordinal(11)).toBe('11th');",
        '  });',
      ),
    );
  });

  it('gives null when no test of the file is kept', () => {
    expect(keepTests(FILE, 'x.test.ts', new Set(['ordinal > 2nd']))).toBeNull();
  });
});
