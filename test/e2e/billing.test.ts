import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { billingKillsByAssertion, verifyJson, type JsonVerdict } from '../helpers/attest-bin';
import { FIXTURES, tempDir } from '../helpers/temp-dir';

const BILLING = path.join(__dirname, '..', '..', 'examples', 'billing');
const CANDIDATES = path.join(FIXTURES, 'billing-candidates');

/**
 * examples/billing is application code: a service with injected collaborators and a clock,
 * an event bus and timing helpers. Its idiomatic tests assert on spies, closures and fake
 * timers; the gate must take all of them and still turn away the hollow, wrong and flaky ones.
 */
describe('attest verify on application code (examples/billing)', () => {
  let verdicts: JsonVerdict[];

  beforeAll(() => {
    const repo = tempDir();
    try {
      cpSync(BILLING, repo.path, { recursive: true });
      mkdirSync(path.join(repo.path, 'candidates'));
      cpSync(CANDIDATES, path.join(repo.path, 'candidates'), { recursive: true });
      const files = [
        'good-service',
        'good-events',
        'good-timing',
        'good-invoice',
        'bad-mocks-target',
        'bad-untouched-mock',
        'bad-handler-never-runs',
        'bad-timers-never-advanced',
        'bad-tmpdir-marker',
        'bad-wrong',
        'bad-unawaited',
        'bad-calls-only',
        'bad-presence-only',
      ].map((name) => `candidates/${name}.candidate.ts`);
      verdicts = verifyJson(repo.path, files);
    } finally {
      repo.dispose();
    }
  });

  const of = (prefix: string) => verdicts.filter((v) => v.file.startsWith(`candidates/${prefix}`));

  it('accepts every idiomatic good test: collaborator spies, closures, counters, fake timers, rejects', () => {
    const good = of('good-');
    expect(good.map((v) => [v.name, v.status])).toEqual([
      ['SubscriptionService > stores the renewal and tells the owner', 'accepted'],
      ['SubscriptionService > rejects an unknown id', 'accepted'],
      ['SubscriptionService > cancels once and tells the owner', 'accepted'],
      [
        'SubscriptionService.remindExpiring > reminds only the owners whose subscription ends soon',
        'accepted',
      ],
      ['EventBus > calls the handlers in order with the payload', 'accepted'],
      ['EventBus > stops calling a handler once it unsubscribes', 'accepted'],
      ['EventBus > runs a once handler on the next emit only', 'accepted'],
      ['timing > debounce calls once with the last arguments after the wait', 'accepted'],
      [
        'timing > retry waits longer before each try and resolves with the first success',
        'accepted',
      ],
      ['getJson > rejects with the status of an answer that is not 2xx', 'accepted'],
      ['getJson > resolves with the body of a 2xx answer', 'accepted'],
      [
        'invoice > formatPrice prints dollars with a thousands separator and two decimals',
        'accepted',
      ],
      ['invoice > subtotal adds nothing for a line of quantity zero', 'accepted'],
    ]);
  });

  it('credits spies, fake timers, rejected promises, exact values and throws in a subject with kills by assertion', () => {
    const kills = billingKillsByAssertion(verdicts);
    expect(kills.spy).toBeGreaterThan(0);
    expect(kills.fakeTime).toContain('ArithmeticOperator');
    expect(kills.rejection).toBeGreaterThan(0);
    expect(kills.wrapper).toEqual(['BlockStatement']);
    expect(kills.thrownInSubject).toContain('line.quantity <= 0');
  });

  it('rejects each hollow, wrong or flaky test at the gate that can tell', () => {
    expect(of('bad-').map((v) => [v.file.slice('candidates/'.length), v.gate])).toEqual([
      ['bad-mocks-target.candidate.ts', 'static'],
      ['bad-untouched-mock.candidate.ts', 'mutation'],
      ['bad-handler-never-runs.candidate.ts', 'hollow'],
      ['bad-timers-never-advanced.candidate.ts', 'mutation'],
      ['bad-tmpdir-marker.candidate.ts', 'static'],
      ['bad-wrong.candidate.ts', 'pass'],
      ['bad-unawaited.candidate.ts', 'static'],
      ['bad-calls-only.candidate.ts', 'static'],
      ['bad-presence-only.candidate.ts', 'mutation'],
    ]);
    expect(of('bad-').every((v) => v.status === 'rejected')).toBe(true);
  });
});
