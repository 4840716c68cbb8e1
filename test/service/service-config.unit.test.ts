import { ConfigError } from '../../src/core/attest-error';
import { parseServiceConfig } from '../../src/service/service-config';

describe(parseServiceConfig.name, () => {
  it('reads each role’s concurrency once, at start, 1 by default', () => {
    expect(parseServiceConfig({})).toMatchObject({ workerConcurrency: 1, runnerConcurrency: 1 });
    const config = parseServiceConfig({
      ATTEST_WORKER_CONCURRENCY: '4',
      ATTEST_RUNNER_CONCURRENCY: '2',
    });
    expect(config).toMatchObject({ workerConcurrency: 4, runnerConcurrency: 2 });
  });

  it('stops the start with the name of a concurrency that is not a positive whole number', () => {
    expect(() => parseServiceConfig({ ATTEST_RUNNER_CONCURRENCY: 'two' })).toThrow(ConfigError);
    expect(() => parseServiceConfig({ ATTEST_WORKER_CONCURRENCY: '0' })).toThrow(
      /^ATTEST_WORKER_CONCURRENCY is not valid/,
    );
  });
});

describe('the address the service binds', () => {
  it('is the loopback unless ATTEST_HOST opens it', () => {
    expect(parseServiceConfig({}).host).toBe('127.0.0.1');
    expect(parseServiceConfig({ ATTEST_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(parseServiceConfig({ ATTEST_HOST: '::' }).host).toBe('::');
  });

  it('stops the start with the variable named when it is no address', () => {
    expect(() => parseServiceConfig({ ATTEST_HOST: 'everywhere' })).toThrow(
      /^ATTEST_HOST is not valid: an IP address to bind/,
    );
  });
});

describe("the deployment's namespace in Redis", () => {
  it('is attest unless ATTEST_QUEUE_PREFIX names another', () => {
    expect(parseServiceConfig({}).queuePrefix).toBe('attest');
    expect(parseServiceConfig({ ATTEST_QUEUE_PREFIX: 'attest-staging' }).queuePrefix).toBe(
      'attest-staging',
    );
  });

  it('stops the start with the variable named when it would spill into other keys', () => {
    for (const bad of ['a:b', '', '*', 'x'.repeat(65)])
      expect(() => parseServiceConfig({ ATTEST_QUEUE_PREFIX: bad })).toThrow(
        /^ATTEST_QUEUE_PREFIX is not valid: a name of letters, digits/,
      );
  });

  it('turns the GitHub webhook on with a secret, and names what else it needs', () => {
    expect(parseServiceConfig({}).githubWebhook).toBeNull();
    const hook = { ATTEST_API_KEYS: 'k1', ATTEST_GITHUB_WEBHOOK_SECRET: 's' };
    expect(() => parseServiceConfig({ ...hook, ATTEST_GITHUB_WEBHOOK_REPOS: 'o/*' })).toThrow(
      /^ATTEST_GITHUB_WEBHOOK_KEY is not valid: .*name one of ATTEST_API_KEYS/,
    );
    expect(() => parseServiceConfig({ ...hook, ATTEST_GITHUB_WEBHOOK_KEY: 'k1' })).toThrow(
      /^ATTEST_GITHUB_WEBHOOK_REPOS is not valid: .*owner\/name or owner\/\*/,
    );
    expect(
      parseServiceConfig({
        ...hook,
        ATTEST_GITHUB_WEBHOOK_KEY: 'k1',
        ATTEST_GITHUB_WEBHOOK_REPOS: 'o/*, p/q',
      }).githubWebhook,
    ).toEqual({ secret: 's', repositories: ['o/*', 'p/q'], key: 'k1' });
  });
});
