import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Report } from '../../src/core/report';
import { runAttest } from '../helpers/attest-bin';
import { commitAll } from '../helpers/git';
import {
  startChatServer,
  type ChatRequest,
  type ScriptedAnswer,
} from '../helpers/openai-stub-server';
import { copyFixture, tempDir } from '../helpers/temp-dir';

const PRICES = {
  down: { inputUsdPer1M: 0.1, outputUsdPer1M: 0.1 },
  cheap: { inputUsdPer1M: 0.5, outputUsdPer1M: 1.5 },
  strong: { inputUsdPer1M: 5, outputUsdPer1M: 15 },
};
const USAGE = { cheap: [1000, 200], strong: [2000, 400] } as const;

const IMPORT = "import { double, isEven, greet } from '../../src/calc';";

function testFile(fn: string, requirement: string, body: string): string {
  return [
    'Here is the test file.',
    '```ts',
    IMPORT.replace('double, isEven, greet', fn),
    '',
    `describe('${fn}', () => {`,
    `  // requirement: ${requirement}`,
    `  it('behaves as documented', () => {`,
    `    ${body}`,
    '  });',
    '});',
    '```',
  ].join('\n');
}

/** Answers of different quality: cheap is good for double, hollow then repaired for isEven, wrong for greet; strong is good. */
function script(request: ChatRequest): ScriptedAnswer {
  const target = /^Target: (\w+)/m.exec(request.user)?.[1];
  const repair = request.user.includes('Your previous test file');
  const model = request.model as 'cheap' | 'strong';
  const [promptTokens, completionTokens] = USAGE[model];
  const answer = (text: string) => ({ text, promptTokens, completionTokens });
  if (target === 'double') return answer(testFile('double', 'REQ-1', 'expect(double(3)).toBe(6);'));
  if (target === 'isEven')
    return answer(
      repair
        ? testFile(
            'isEven',
            'REQ-2',
            'expect(isEven(4)).toBe(true);\n    expect(isEven(-3)).toBe(false);',
          )
        : testFile('isEven', 'REQ-2', 'expect(isEven(4)).toBeDefined();'),
    );
  if (target === 'greet')
    return answer(
      model === 'strong'
        ? testFile('greet', 'REQ-3', "expect(greet('Ada')).toBe('Hello, Ada!');")
        : testFile('greet', 'REQ-3', "expect(greet('Ada')).toBe('Hi Ada');"),
    );
  return { status: 400 };
}

describe('attest run with models, against a local OpenAI-compatible server', () => {
  let server: Awaited<ReturnType<typeof startChatServer>>;
  let data: { path: string; dispose: () => void };
  let repo: { path: string; dispose: () => void };

  beforeAll(async () => {
    server = await startChatServer(script);
    data = tempDir();
    repo = copyFixture('llm-repo');
    commitAll(repo.path);
  });

  afterAll(async () => {
    await server.close();
    repo.dispose();
    data.dispose();
  });

  function modelsFile(names: (keyof typeof PRICES)[]): string {
    const file = path.join(data.path, `models-${names.join('-')}.json`);
    const models = names.map((name) => ({
      name,
      model: name,
      baseURL: name === 'down' ? 'http://127.0.0.1:9/v1' : server.baseURL,
      ...PRICES[name],
    }));
    writeFileSync(file, JSON.stringify(models));
    return file;
  }

  async function run(args: string[]): Promise<Report> {
    const result = await runAttest(['run', repo.path, '--json', ...args], {
      ATTEST_DATA_DIR: data.path,
    });
    expect(result.stderr).not.toMatch(/unexpected failure/);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { reportJson: string };
    return JSON.parse(readFileSync(summary.reportJson, 'utf8')) as Report;
  }

  describe('with a cheap and a strong model', () => {
    let report: Report;
    let requests: ChatRequest[];
    beforeAll(async () => {
      server.requests.length = 0;
      report = await run(['--models', modelsFile(['strong', 'cheap'])]);
      requests = [...server.requests];
    }, 300_000);

    it("tries the cheapest model first, repairs with the runner's reasons, and escalates only what is left", () => {
      const acceptedBy = (target: string) =>
        report.tests.filter((t) => t.target === `src/calc.ts#${target}` && t.status === 'accepted');
      expect(acceptedBy('double').map((t) => [t.origin, t.file])).toEqual([
        ['model:cheap', 'test/attest/calc.double.cheap.test.ts'],
      ]);
      expect(acceptedBy('isEven').map((t) => [t.origin, t.file])).toEqual([
        ['model:cheap', 'test/attest/calc.isEven.cheap-r1.test.ts'],
      ]);
      expect(acceptedBy('greet').map((t) => t.origin)).toEqual(['model:strong']);
      expect(acceptedBy('greet')[0]!.requirementIds).toEqual(['REQ-3']);

      const repairPrompt = requests.find(
        (r) =>
          r.model === 'cheap' &&
          r.user.includes('Target: isEven') &&
          r.user.includes('Your previous test file'),
      )!;
      expect(repairPrompt.user).toMatch(/rejected by the mutation gate/);
      expect(
        requests
          .filter((r) => r.model === 'strong')
          .map((r) => /^Target: (\w+)/m.exec(r.user)?.[1]),
      ).toEqual(['greet']);
      expect(report.tests.find((t) => t.file.includes('greet.cheap'))).toMatchObject({
        status: 'rejected',
        gate: 'pass',
      });
    });

    it('reports a cost equal to the usage the server returned, times the prices', () => {
      const expected = requests.reduce((sum, r) => {
        const model = r.model as 'cheap' | 'strong';
        const [input, output] = USAGE[model];
        return (
          sum + (input * PRICES[model].inputUsdPer1M + output * PRICES[model].outputUsdPer1M) / 1e6
        );
      }, 0);
      expect(requests).toHaveLength(6);
      expect(report.totals.costUsd).toBeCloseTo(expected, 10);
      expect(report.totals.costUsd).toBeCloseTo(0.02, 10);
      expect(report.totals.inputTokens).toBe(5 * 1000 + 2000);
      expect(report.totals.acceptedPer1kTokens).toBeCloseTo(3 / ((5 * 1200 + 2400) / 1000), 6);
      expect(report.byOrigin.find((o) => o.origin === 'model:strong')).toMatchObject({
        calls: 1,
        accepted: 1,
      });
    });
  });

  it('skips a tier whose endpoint cannot be reached, and stops at the budget', async () => {
    server.requests.length = 0;
    const report = await run(['--models', modelsFile(['down', 'cheap']), '--budget-usd', '0.0005']);
    expect(report.unavailableTiers).toEqual([
      {
        origin: 'model:down',
        reason: expect.stringMatching(/the model "down" at http:\/\/127\.0\.0\.1:9\/v1 failed/),
      },
    ]);
    expect(server.requests.map((r) => /^Target: (\w+)/m.exec(r.user)?.[1])).toEqual(['double']);
    expect(report.skipped.map((s) => s.targetId)).toEqual([
      'src/calc.ts#isEven',
      'src/calc.ts#greet',
    ]);
    expect(report.skipped[0]!.reason).toMatch(/the job's budget of \$0.0005 is spent/);
  }, 300_000);

  it.each([
    [
      ['--models', '/no/such/models.json'],
      /^attest: cannot read the models file \/no\/such\/models\.json: ENOENT/,
    ],
    [
      ['--budget-usd', 'lots'],
      /^attest: option '--budget-usd <n>' argument 'lots' is invalid\. "lots" is not an amount/,
    ],
  ])('exits non-zero with one clear line for %j', async (args, message) => {
    const result = await runAttest(['run', repo.path, ...args], { ATTEST_DATA_DIR: data.path });
    expect(result.code).not.toBe(0);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('names what is wrong in a malformed models file, and an unknown model name', async () => {
    const bad = path.join(data.path, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([{ name: 'x', model: 'x', inputUsdPer1M: 'free', outputUsdPer1M: 1 }]),
    );
    const malformed = await runAttest(['run', repo.path, '--models', bad], {
      ATTEST_DATA_DIR: data.path,
    });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(
      /^attest: the models file .*bad\.json is invalid at 0\.inputUsdPer1M: /,
    );
    const unknown = await runAttest(
      ['run', repo.path, '--models', modelsFile(['cheap']), '--model', 'gpt-9'],
      { ATTEST_DATA_DIR: data.path },
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^attest: unknown model "gpt-9"\. The configured models are: cheap\./,
    );
  });
});
