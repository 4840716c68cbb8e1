import path from 'node:path';
import { verifyCandidates } from '../../../src/verify/verification';
import { givenFiles, runnerSettings } from '../../helpers/factories';
import { FIXTURES } from '../../helpers/temp-dir';

const REPO = path.join(FIXTURES, 'static-repo');

describe('static mutants: code that runs when a test file loads its module', () => {
  it('are tried on a fresh load of the test file, and killed by the tests that notice them', async () => {
    const result = await verifyCandidates(
      {
        root: REPO,
        files: ['package.json', 'src/greet.js', 'test/greet.test.js'],
        codeFiles: ['src/greet.js'],
        candidates: givenFiles('test/greet.test.js'),
        existingTests: [],
        packageName: null,
      },
      runnerSettings(),
    );
    const id = (original: string) => result.mutants.find((m) => m.original === original)!.id;
    const killedInMake = (name: string) =>
      result.verdicts
        .find((v) => v.name.endsWith(name))!
        .killedMutants.filter((k) => k.line === 4)
        .map((k) => [k.id, k.by]);
    // Switched on during a test, these mutants would change nothing: `defaults` is built by
    // then. Without a greeting the module refuses to load, which every test notices.
    const unloadable = [
      [id("'Hello'"), 'error'],
      [id("options.greeting || 'Hello'"), 'error'],
      [id("{ greeting: options.greeting || 'Hello', mark: '!' }"), 'error'],
    ];
    expect(killedInMake('with the default greeting')).toEqual([
      ...unloadable,
      [id("'!'"), 'assertion'],
    ]);
    expect(killedInMake('always ends with a mark')).toEqual([
      ...unloadable,
      [id("'!'"), 'assertion'],
    ]);
  }, 120_000);
});
