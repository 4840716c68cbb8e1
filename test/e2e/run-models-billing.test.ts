import path from 'node:path';
import { runWithModels } from '../helpers/attest-bin';
import { commitAll } from '../helpers/git';
import type { Report } from '../../src/core/report';
import { startChatServer, type ChatRequest } from '../helpers/openai-stub-server';

type ChatServer = Awaited<ReturnType<typeof startChatServer>>;
import { copyFolder, tempDir } from '../helpers/temp-dir';

const BILLING = path.join(__dirname, '..', '..', 'examples', 'billing');

/**
 * `attest run` on a fresh copy of examples/billing for one target, with the stand-in models
 * `names` served by `server`, which it closes: the requests stay readable.
 */
async function runOnBilling(server: ChatServer, names: string[], target: string): Promise<Report> {
  const data = tempDir();
  const repo = copyFolder(BILLING);
  try {
    commitAll(repo.path);
    return await runWithModels(repo.path, server.baseURL, data.path, names, ['--targets', target]);
  } finally {
    await server.close();
    repo.dispose();
    data.dispose();
  }
}

/** The answer a careful model gives for renew: the collaborators mocked, the target real. */
function renewTest(request: ChatRequest): string {
  const importLine = /must start with this import line:\n(.+)/.exec(request.user)![1]!;
  const typeImport = /you may import:\n(.+)/.exec(request.user)![1]!;
  const requirement = /^\[([^\]]+)\] \(README\.md/m.exec(request.user)![1]!;
  return [
    '```ts',
    importLine,
    typeImport,
    '',
    "const at = new Date('2026-03-01T00:00:00Z');",
    'const sub = {',
    "  id: 's-1',",
    "  owner: 'ada@example.com',",
    "  plan: 'yearly' as const,",
    '  renewedAt: null,',
    "  expiresAt: new Date('2026-03-02T00:00:00Z'),",
    '  cancelled: false,',
    '};',
    '',
    "describe('SubscriptionService.renew', () => {",
    `  // requirement: ${requirement}`,
    "  it('saves a year from now and tells the owner', async () => {",
    '    const store: jest.Mocked<SubscriptionStore> = { load: jest.fn().mockResolvedValue(sub), put: jest.fn() };',
    '    const notifier: jest.Mocked<Notifier> = { notify: jest.fn() };',
    '    const clock: Clock = { now: () => at };',
    "    await new SubscriptionService(store, notifier, clock).renew('s-1');",
    '    expect(store.put).toHaveBeenCalledWith(',
    "      expect.objectContaining({ id: 's-1', renewedAt: at, expiresAt: new Date('2027-03-01T00:00:00Z') }),",
    '    );',
    "    expect(notifier.notify).toHaveBeenCalledWith('ada@example.com', 'renewed');",
    '  });',
    '});',
    '```',
  ].join('\n');
}

/**
 * The test a survivor round asks for: renew left a cancelled subscription untested. It is
 * written only when the prompt names a survivor in that check, as a model reading it would.
 */
function cancelledTest(request: ChatRequest): string {
  return renewTest(request)
    .replace('cancelled: false', 'cancelled: true')
    .replace("'saves a year from now and tells the owner'", "'refuses a cancelled subscription'")
    .replace(
      /await new SubscriptionService[^]*'renewed'\);/,
      [
        "await expect(new SubscriptionService(store, notifier, clock).renew('s-1')).rejects.toThrow(",
        "      'subscription s-1 is cancelled',",
        '    );',
        '    expect(store.put).not.toHaveBeenCalled();',
        '    expect(notifier.notify).not.toHaveBeenCalled();',
      ].join('\n'),
    );
}

/**
 * A model that writes the test application code needs (collaborator mocks) must be accepted
 * at the cheapest tier that writes it: no escalation, no second payment.
 */
describe('attest run with models on application code (examples/billing)', () => {
  it('accepts the collaborator mocks of the cheapest model, then asks it for what they leave alive', async () => {
    const server = await startChatServer((request) => ({
      text: /^- mutant \d+, line \d+: `if \(subscription\.cancelled\)/m.test(request.user)
        ? cancelledTest(request)
        : renewTest(request),
      promptTokens: 1500,
      completionTokens: 300,
    }));
    const report = await runOnBilling(server, ['cheap', 'strong'], 'SubscriptionService.renew');

    const fromModels = report.tests.filter((t) => t.origin.startsWith('model:'));
    expect(fromModels.map((t) => [t.file, t.status, t.gate])).toEqual([
      [
        'test/attest/subscription-service.SubscriptionService.renew.cheap.test.ts',
        'accepted',
        null,
      ],
      // Survivor round 1: the cancelled check, which the first test never reached.
      [
        'test/attest/subscription-service.SubscriptionService.renew.cheap-s1.test.ts',
        'accepted',
        null,
      ],
    ]);
    expect(server.requests.map((r) => r.model)).toEqual(['cheap', 'cheap']);
    const [firstPass, round1] = report.rounds;
    expect(round1).toMatchObject({ round: 'survivor round 1', calls: 1, accepted: 1 });
    expect(round1!.mutantsKilled).toBeGreaterThan(0);
    expect(report.totals.mutantsKilled).toBe(firstPass!.mutantsKilled + round1!.mutantsKilled);
    // Nothing is left alive, so the rounds stop: no further call.
    expect(report.survivors).toEqual([]);
    expect(report.survivorRounds).toEqual([
      {
        targetId: 'src/subscription-service.ts#SubscriptionService.renew',
        rounds: 1,
        stop: 'all-killed',
        tier: 'model:cheap',
        left: [],
        tried: [],
      },
    ]);
    expect(report.totals.mutationScore).toBe(1);

    // The prompt gave the collaborators' declarations, cited, and the rule to mock them.
    const prompt = server.requests[0]!;
    expect(prompt.user).toMatch(/constructor takes these collaborators/);
    expect(prompt.user).toContain('- notifier: Notifier');
    expect(prompt.user).toMatch(
      /\(src\/types\.ts:\d+\)\n```ts\n\/\*\* Tells an owner[^]*interface Notifier/,
    );
    expect(prompt.user).toContain(
      "import type { Clock, Notice, Notifier, Subscription, SubscriptionStore } from '../../src/types';",
    );
    expect(prompt.system).toMatch(/Never mock, stub or spy on the target itself/);
    // And one of the repository's own tests that mocks collaborators, as the house style.
    expect(prompt.user).toMatch(
      /A test of this repository, for its style \(test\/cancel\.test\.ts\)/,
    );
  }, 300_000);

  it('credits the survivor round whose assertion fails because the mutant makes the call throw', async () => {
    // Asked about `line.quantity < 0`, the model checks a line of quantity zero, which the
    // mutant `<= 0` makes throw; asked anything else, two lines of the stated kind.
    const server = await startChatServer((request) => {
      const importLine = /must start with this import line:\n(.+)/.exec(request.user)![1]!;
      const asked = /^- mutant \d+, line \d+: `if \(line\.quantity < 0\)/m.test(request.user);
      const [name, call, value] = asked
        ? [
            'adds nothing for a line of quantity zero',
            "[{ sku: 'z', unitPrice: 5, quantity: 0 }]",
            0,
          ]
        : [
            'adds up two lines',
            "[{ sku: 'a', unitPrice: 250, quantity: 2 }, { sku: 'b', unitPrice: 100, quantity: 1 }]",
            600,
          ];
      return {
        text: [
          '```ts',
          importLine,
          '',
          `it('${name}', () => {`,
          `  expect(subtotal(${call})).toBe(${value});`,
          '});',
          '```',
        ].join('\n'),
        promptTokens: 800,
        completionTokens: 80,
      };
    });
    const report = await runOnBilling(server, ['cheap'], 'subtotal');
    const round1 = report.tests.filter((t) => t.origin === 'model:cheap' && /-s1\./.test(t.file));
    expect(round1.map((t) => [t.name, t.status, t.gate])).toEqual([
      ['adds nothing for a line of quantity zero', 'accepted', null],
    ]);
    expect(round1[0]!.killedMutants).toContainEqual(
      expect.objectContaining({ replacement: 'line.quantity <= 0', by: 'assertion' }),
    );
  }, 300_000);
});
