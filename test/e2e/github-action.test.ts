import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commitAll, git } from '../helpers/git';
import { breakCapitalize } from '../helpers/textkit-changes';
import { copyFolder, tempDir } from '../helpers/temp-dir';

const ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'dist', 'src', 'cli', 'github-action.js');

/** Runs the action's entry as the composite step does, in a simulated workflow. */
function runAction(env: Record<string, string>) {
  return spawnSync(process.execPath, [ENTRY], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
}

describe('the GitHub Action (action.yml) on a pull_request event', () => {
  const repo = copyFolder(path.join(ROOT, 'examples', 'textkit'));
  const work = tempDir();
  let env: Record<string, string>;

  beforeAll(() => {
    const base = commitAll(repo.path);
    git(repo.path, 'checkout', '-q', '-b', 'feature');
    // The pull request breaks capitalize's README example.
    breakCapitalize(repo.path);
    git(repo.path, 'commit', '-qam', 'capitalize lower-cases the rest');
    const event = path.join(work.path, 'event.json');
    writeFileSync(
      event,
      JSON.stringify({
        action: 'synchronize',
        pull_request: {
          number: 7,
          base: { sha: base },
          head: { sha: git(repo.path, 'rev-parse', 'HEAD') },
        },
      }),
    );
    env = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_WORKSPACE: repo.path,
      GITHUB_STEP_SUMMARY: path.join(work.path, 'summary.md'),
      GITHUB_OUTPUT: path.join(work.path, 'output'),
      RUNNER_TEMP: work.path,
      ATTEST_DATA_DIR: path.join(work.path, 'data'),
    };
  });
  afterAll(() => {
    repo.dispose();
    work.dispose();
  });

  it('reports the change in the job summary, and fails the check on its conflict when asked', () => {
    const run = runAction({ ...env, INPUT_FAIL_ON: 'conflicts' });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::attest: the change contradicts 1 stated example\(s\): see the job summary\.$/m,
    );
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8');
    expect(summary).toMatch(/^1 of \d+ targets changed since `[0-9a-f]{12}`\.$/m);
    expect(summary).toContain(
      "- **Conflict** `capitalize('hello World')` (README.md:77): the docs say `'Hello World'`, the code gives `'Hello world'`.",
    );
    expect(summary).toContain('## Changes');
    const outputs = readFileSync(env.GITHUB_OUTPUT!, 'utf8');
    expect(outputs).toMatch(/^conflicts=1$/m);
    const report = /^report=(.*)$/m.exec(outputs)![1]!;
    expect(report.startsWith(path.join(work.path, 'attest'))).toBe(true);
    expect(existsSync(report)).toBe(true);
  }, 240_000);

  it('passes the check by default, reporting only', () => {
    const run = runAction(env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^attest: \d+ tests accepted, 1 conflict\(s\)\.$/m);
  }, 240_000);

  it('says in one line what is missing outside a pull request', () => {
    const push = path.join(work.path, 'push.json');
    writeFileSync(push, JSON.stringify({ ref: 'refs/heads/main' }));
    const run = runAction({ ...env, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: push });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe(
      '::error::attest: the event (push) has no pull request: run the action on pull_request, or give it a base.\n',
    );
  });
});
