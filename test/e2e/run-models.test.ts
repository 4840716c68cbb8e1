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
import { survivorsIn, type NamedSurvivor } from '../../bench/stub-model';

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

/**
 * Which tier can kill which surviving mutant, as this fixture has it: cheap notices a blank name,
 * only strong notices that a name is trimmed inside the greeting. A survivor prompt is answered
 * with the tests for the survivors it names that the tier can kill, else with a test that
 * repeats what is already checked.
 */
const SURVIVOR_TESTS = [
  {
    tier: 'cheap',
    kills: (m: NamedSurvivor) => m.original === "'Hello!'",
    test: "expect(greet('   ')).toBe('Hello!');",
  },
  {
    tier: 'strong',
    kills: (m: NamedSurvivor) => m.original === 'name.trim()' && m.code.includes('Hello, '),
    test: "expect(greet('  Ada ')).toBe('Hello, Ada!');",
  },
] as const;
const REPEATED = "expect(greet('Ada')).toBe('Hello, Ada!');";

/** Answers of different quality: cheap is good for double, hollow then repaired for isEven, wrong for greet; strong is good. */
function script(request: ChatRequest): ScriptedAnswer {
  const target = /^Target: (\w+)/m.exec(request.user)?.[1];
  const repair = request.user.includes('Your previous test file');
  const model = request.model as 'cheap' | 'strong';
  const [promptTokens, completionTokens] = USAGE[model];
  const answer = (text: string) => ({ text, promptTokens, completionTokens });
  const survivors = survivorsIn(request.user);
  if (survivors.length > 0) {
    const tests = SURVIVOR_TESTS.filter(
      (t) => (t.tier === 'cheap' || model === 'strong') && survivors.some(t.kills),
    ).map((t) => t.test);
    return answer(testFile(target!, 'REQ-3', (tests.length ? tests : [REPEATED]).join('\n    ')));
  }
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
    /** The requests of the first pass: no survivor round yet. */
    let firstPass: ChatRequest[];
    beforeAll(async () => {
      server.requests.length = 0;
      report = await run(['--models', modelsFile(['strong', 'cheap'])]);
      requests = [...server.requests];
      firstPass = requests.filter((r) => survivorsIn(r.user).length === 0);
    }, 300_000);

    it("tries the cheapest model first, repairs with the runner's reasons, and escalates only what is left", () => {
      const acceptedBy = (target: string) =>
        report.tests.filter(
          (t) =>
            t.target === `src/calc.ts#${target}` && t.status === 'accepted' && !/-s\d/.test(t.file),
        );
      expect(acceptedBy('double').map((t) => [t.origin, t.file])).toEqual([
        ['model:cheap', 'test/attest/calc.double.cheap.test.ts'],
      ]);
      expect(acceptedBy('isEven').map((t) => [t.origin, t.file])).toEqual([
        ['model:cheap', 'test/attest/calc.isEven.cheap-r1.test.ts'],
      ]);
      expect(acceptedBy('greet').map((t) => t.origin)).toEqual(['model:strong']);
      expect(acceptedBy('greet')[0]!.requirementIds).toEqual(['REQ-3']);

      const repairPrompt = firstPass.find(
        (r) =>
          r.model === 'cheap' &&
          r.user.includes('Target: isEven') &&
          r.user.includes('Your previous test file'),
      )!;
      expect(repairPrompt.user).toMatch(/rejected by the mutation gate/);
      expect(
        firstPass
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
      expect(firstPass).toHaveLength(6);
      expect(requests).toHaveLength(9);
      expect(report.totals.costUsd).toBeCloseTo(expected, 10);
      expect(report.totals.inputTokens).toBe(7 * 1000 + 2 * 2000);
      expect(report.totals.acceptedPer1kTokens).toBeCloseTo(5 / ((7 * 1200 + 2 * 2400) / 1000), 6);
      expect(report.byOrigin.find((o) => o.origin === 'model:strong')).toMatchObject({
        calls: 2,
        accepted: 2,
      });
    });

    it('asks for the survivors of the accepted tests, cheapest tier first, and credits only the survivors a test kills by assertion', () => {
      const asked = requests.filter((r) => survivorsIn(r.user).length > 0);
      expect(asked.map((r) => [r.model, survivorsIn(r.user).map((m) => m.original)])).toEqual([
        ['cheap', ['name.trim()', 'name.trim().length === 0', "'Hello!'", 'name.trim()']],
        ['cheap', ['name.trim()']],
        ['strong', ['name.trim()']],
      ]);
      // The prompt gives the requirement of the line and the test already accepted.
      expect(asked[0]!.user).toMatch(/^ {2}governed by \[jsdoc-[0-9a-f]+\]$/m);
      expect(asked[0]!.user).toMatch(
        /The accepted tests so far; do not repeat them:\n```ts\n[^`]*greet\('Ada'\)/,
      );
      const [blank, trimmed] = [survivorsIn(asked[0]!.user)[2]!, survivorsIn(asked[1]!.user)[0]!];
      const verdict = (file: string) => report.tests.find((t) => t.file === `test/attest/${file}`)!;
      expect(verdict('calc.greet.cheap-s1.test.ts')).toMatchObject({ status: 'accepted' });
      expect(verdict('calc.greet.cheap-s1.test.ts').killedMutants).toContainEqual(
        expect.objectContaining({ id: blank.id, by: 'assertion' }),
      );
      // Round 2: cheap repeats an accepted test and is told so; strong, the cheapest tier that can, kills it.
      expect(verdict('calc.greet.cheap-s2.test.ts')).toMatchObject({
        status: 'rejected',
        gate: 'added-value',
        reasons: [
          `it kills none of the 1 mutants that the accepted tests leave alive (${trimmed.id}) by a failed assertion: it is redundant with the accepted tests.`,
        ],
      });
      expect(asked[2]!.user).toContain('rejected by the added-value gate');
      expect(verdict('calc.greet.strong-s2.test.ts').killedMutants).toContainEqual(
        expect.objectContaining({ id: trimmed.id, by: 'assertion' }),
      );
      expect(verdict('calc.greet.strong-s2.test.ts').status).toBe('accepted');
      expect(report.survivors).toEqual([]);
      expect(report.totals.mutationScore).toBe(1);
      // The router learned that greet's survivors take the strong tier.
      expect(report.survivorRounds).toEqual([
        {
          targetId: 'src/calc.ts#greet',
          rounds: 2,
          stop: 'all-killed',
          tier: 'model:strong',
          left: [],
          tried: [],
        },
      ]);
      expect(report.rounds.map((r) => [r.round, r.accepted, r.mutantsKilled])).toEqual([
        ['first pass', 3, report.totals.mutants - 4],
        ['survivor round 1', 1, 3],
        ['survivor round 2', 1, 1],
      ]);
    });

    it('reports for each round the usage the server returned, at the prices', () => {
      // A round's requests name the same survivors: those its round started with.
      const rounds = new Map<string, ChatRequest[]>();
      for (const r of requests) {
        const key = JSON.stringify(survivorsIn(r.user).map((m) => m.id));
        rounds.set(key, [...(rounds.get(key) ?? []), r]);
      }
      const usage = (group: ChatRequest[]) => {
        const of = (r: ChatRequest) => USAGE[r.model as 'cheap' | 'strong'];
        const price = (r: ChatRequest) => PRICES[r.model as 'cheap' | 'strong'];
        return {
          calls: group.length,
          inputTokens: group.reduce((n, r) => n + of(r)[0], 0),
          outputTokens: group.reduce((n, r) => n + of(r)[1], 0),
          costUsd: group.reduce(
            (n, r) =>
              n + (of(r)[0] * price(r).inputUsdPer1M + of(r)[1] * price(r).outputUsdPer1M) / 1e6,
            0,
          ),
        };
      };
      const expected = [...rounds.values()].map(usage);
      expect(
        report.rounds.map(({ calls, inputTokens, outputTokens }) => ({
          calls,
          inputTokens,
          outputTokens,
        })),
      ).toEqual(
        expected.map(({ calls, inputTokens, outputTokens }) => ({
          calls,
          inputTokens,
          outputTokens,
        })),
      );
      report.rounds.forEach((r, i) => expect(r.costUsd).toBeCloseTo(expected[i]!.costUsd, 10));
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
