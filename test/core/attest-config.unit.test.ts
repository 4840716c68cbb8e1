import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/core/attest-error';
import { parseConfig } from '../../src/core/attest-config';

describe(parseConfig.name, () => {
  it('defaults to ~/.attest, the local embedder and the standard limits', () => {
    const config = parseConfig({});
    expect(config.dataDir).toBe(path.join(os.homedir(), '.attest'));
    expect(config.embedder).toBeNull();
    expect(config.limits).toEqual({
      maxFiles: 20_000,
      maxTotalBytes: 200 * 1024 * 1024,
      maxFileBytes: 1024 * 1024,
    });
  });

  it('reads the data directory, limits and an OpenAI-compatible embedder with its key from the named variable', () => {
    const config = parseConfig({
      ATTEST_DATA_DIR: 'rel/data',
      ATTEST_MAX_FILES: '10',
      ATTEST_EMBEDDINGS_MODEL: 'text-embedding-3-small',
      ATTEST_EMBEDDINGS_BASE_URL: 'http://127.0.0.1:9/v1',
      ATTEST_EMBEDDINGS_API_KEY_ENV: 'MY_KEY',
      MY_KEY: 'sk-1',
    });
    expect(config.dataDir).toBe(path.resolve('rel/data'));
    expect(config.limits.maxFiles).toBe(10);
    expect(config.embedder).toEqual({
      model: 'text-embedding-3-small',
      baseURL: 'http://127.0.0.1:9/v1',
      apiKey: 'sk-1',
      dimensions: undefined,
    });
  });

  it.each([
    ['ATTEST_MAX_FILES', 'lots'],
    ['ATTEST_MAX_FILE_BYTES', '-1'],
    ['ATTEST_EMBEDDINGS_BASE_URL', 'not a url'],
  ])('names the variable when %s is %p', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(new RegExp(`^${name} is invalid`));
  });
});

describe('the models list', () => {
  const models = JSON.stringify([
    { name: 'strong', model: 'gpt-4.1', apiKeyEnv: 'MY_KEY', inputUsdPer1M: 2, outputUsdPer1M: 8 },
    {
      name: 'cheap',
      model: 'gpt-4.1-nano',
      baseURL: 'http://127.0.0.1:8080/v1',
      inputUsdPer1M: 0.1,
      outputUsdPer1M: 0.4,
    },
  ]);

  it('reads ATTEST_MODELS cheapest first, with each key from the variable it names, and the budgets', () => {
    const config = parseConfig({ ATTEST_MODELS: models, MY_KEY: 'sk-2', ATTEST_BUDGET_USD: '0.5' });
    expect(config.models.map((m) => [m.spec.name, m.apiKey])).toEqual([
      ['cheap', undefined],
      ['strong', 'sk-2'],
    ]);
    expect([config.budgetUsd, config.targetBudgetUsd]).toEqual([0.5, 0.1]);
  });

  it.each([
    ['not JSON', '[{', /^ATTEST_MODELS is not valid JSON/],
    [
      'a missing price',
      '[{"name":"a","model":"m","inputUsdPer1M":1}]',
      /^ATTEST_MODELS is invalid at 0\.outputUsdPer1M/,
    ],
    [
      'a name twice',
      '[{"name":"a","model":"m","inputUsdPer1M":1,"outputUsdPer1M":1},{"name":"a","model":"n","inputUsdPer1M":1,"outputUsdPer1M":1}]',
      /names the model "a" twice/,
    ],
  ])('refuses %s with a message that names the variable', (_, value, message) => {
    expect(() => parseConfig({ ATTEST_MODELS: value })).toThrow(message);
  });
});
