import { runWithModels } from '../helpers/attest-bin';
import { commitAll } from '../helpers/git';
import { startChatServer, type ChatRequest } from '../helpers/openai-stub-server';
import { copyFixture, tempDir } from '../helpers/temp-dir';

const IMPORT = "import { grade } from '../../src/grade';";

/** A model that first tests the stated example, then, told it failed, asserts the code's value. */
function answer(request: ChatRequest): string {
  const repair = request.user.includes('Your previous test file');
  const body = repair
    ? [
        "  it('gives B from 80', () => {",
        '    expect(grade(85)).toBe("B");',
        '    expect(grade(79)).toBe("C");',
        '  });',
        "  it('gives the top grade from 90', () => {",
        "    expect(grade(95)).toBe('A-');",
        '  });',
      ]
    : ["  it('gives A from 90', () => {", "    expect(grade(95)).toBe('A');", '  });'];
  return [
    '```ts',
    IMPORT,
    '',
    "describe('grade', () => {",
    '  // requirement: REQ-G',
    ...body,
    '});',
    '```',
  ].join('\n');
}

/**
 * A stated example the code contradicts is a requirement conflict, found right after tier 0 and
 * before any model is asked. The models are told it is disputed, never shown the code's value
 * in a repair hint, and a test that asserts that value anyway is reported, not delivered.
 */
describe('attest run on a target whose stated example the code contradicts', () => {
  it('disputes the requirement before the models, and keeps their echo of the code out of the branch', async () => {
    const server = await startChatServer((request) => ({
      text: answer(request),
      promptTokens: 800,
      completionTokens: 150,
    }));
    const data = tempDir();
    const repo = copyFixture('disputed-repo');
    try {
      commitAll(repo.path);
      const report = await runWithModels(repo.path, server.baseURL, data.path, ['cheap']);

      // Found after tier 0: the very first prompt already names the dispute.
      const [first, repair] = server.requests;
      expect(first!.user).toContain('Disputed requirements:');
      expect(first!.user).toMatch(/- \[[\w-]+\] grade\(95\) is stated to give 'A'/);
      // The repair hint says the test failed, and withholds what the code gave.
      expect(repair!.user).toMatch(
        /Received: \(withheld: this target has a disputed requirement\)/,
      );
      expect(repair!.user).not.toMatch(/Received: "A-"/);

      expect(report.conflicts).toEqual([
        expect.objectContaining({
          call: 'grade(95)',
          expected: "'A'",
          actual: "'A-'",
          echoedBy: [
            {
              file: 'test/attest/grade.grade.cheap-r1.test.ts',
              name: 'grade > gives the top grade from 90',
            },
          ],
        }),
      ]);
      const byName = (name: string) => report.tests.find((t) => t.name === name)!;
      expect(byName('grade > gives the top grade from 90')).toMatchObject({
        status: 'conflict',
        selected: false,
        reasons: [
          expect.stringMatching(
            /asserts that grade\(95\) gives 'A-', the code's value, where requirement [\w-]+ states 'A'/,
          ),
        ],
      });
      expect(byName('grade > gives B from 80')).toMatchObject({
        status: 'accepted',
        selected: true,
      });
    } finally {
      await server.close();
      repo.dispose();
      data.dispose();
    }
  }, 300_000);
});
