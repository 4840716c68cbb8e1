import type { Example, Requirement } from '../../src/core/requirement';
import type { GoverningRequirement } from '../../src/core/target';
import { groundExamples } from '../../src/plan/ground-examples';
import { aSymbol } from '../helpers/factories';

const snake = aSymbol({ id: 'src/s.ts#snake', name: 'snake', returnType: 'string' });

function anExample(call: string, text: string, extra: Partial<Example> = {}): Example {
  return {
    call,
    callee: 'snake',
    expected: { kind: 'value', text, approximate: false },
    setup: [],
    imports: [],
    line: 3,
    symbolId: snake.id,
    ...extra,
  };
}

function governing(id: string, file: string, examples: Example[]): GoverningRequirement {
  const requirement: Requirement = {
    id,
    source: 'markdown',
    file,
    line: 1,
    endLine: 9,
    headingPath: [],
    text: '',
    examples,
    symbolId: null,
    tables: [],
  };
  return { requirement, reason: 'example', score: 1 };
}

describe(groundExamples.name, () => {
  it('makes one example of the same call and result stated in several places, citing each', () => {
    const { examples } = groundExamples(snake, [
      governing('doc-en', 'README.md', [anExample("snake('a b')", "'a_b'")]),
      governing('doc-zh', 'docs/zh/README.md', [
        anExample("snake( 'a b' )", '"a_b"', { line: 8 }),
        anExample("snake('c d')", "'c_d'"),
      ]),
    ]);
    expect(
      examples.map((g) => [g.example.call, g.requirement.id, g.also?.map((a) => a.line)]),
    ).toEqual([
      ["snake('a b')", 'doc-en', [8]],
      ["snake('c d')", 'doc-zh', undefined],
    ]);
  });

  it('reads a printed result as a string where the code returns one, and skips an unquoted one where it does not', () => {
    const printed = anExample("snake('x')", "'x'", {
      expected: {
        kind: 'value',
        text: "'x'",
        approximate: false,
        asPrinted: "'x'",
        unquoted: true,
      },
    });
    expect(groundExamples(snake, [governing('d', 'README.md', [printed])]).examples).toHaveLength(
      1,
    );
    const untyped = aSymbol({ id: snake.id, name: 'snake', returnType: null });
    const { examples, skipped } = groundExamples(untyped, [governing('d', 'README.md', [printed])]);
    expect(examples).toEqual([]);
    expect(skipped).toEqual([
      {
        requirementId: 'd',
        file: 'README.md',
        line: 3,
        call: "snake('x')",
        reason: 'its result is written unquoted, and snake is not typed to return a string',
      },
    ]);
  });
});
