import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/service/main';
import { launchChromium } from '../helpers/browser';
import { commitAll, git } from '../helpers/git';
import { breakCapitalize } from '../helpers/textkit-changes';
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { copyFolder, tempDir } from '../helpers/temp-dir';

const KEY = 'page-key-1';
const OTHER_KEY = 'page-key-2';
/** Where the screenshots of the job view go: the test run's output folder (git ignores it). */
const SHOTS = path.join(__dirname, '..', '..', 'test-results', 'job-page');

/**
 * The runner's sandboxed test processes that this test file started: descendants of this
 * process (the service runs in it) in bubblewrap or Attest's stand-in, not Chromium's.
 */
function sandboxedProcesses(): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  const rows = ps.stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, pid, ppid, args]) => ({ pid: Number(pid), ppid: Number(ppid), args: args! }));
  const ours = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const row of rows)
      if (ours.has(row.ppid) && !ours.has(row.pid)) grew = Boolean(ours.add(row.pid));
  }
  return rows
    .filter((row) => ours.has(row.pid) && /\bbwrap\b|isolate\.js/.test(row.args))
    .map((row) => `${row.pid} ${row.args.slice(0, 120)}`);
}

describe('the job page in Chromium, against the real service', () => {
  let redis: TestRedis;
  let app: INestApplication;
  let browser: Browser;
  let base: string;
  const data = tempDir();
  const textkit = copyFolder(path.join(__dirname, '..', '..', 'examples', 'textkit'));
  // A repository of its own, so that a diff job has a commit to compare with.
  commitAll(textkit.path);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    redis = await startTestRedis(5);
    app = await createApp(['api', 'worker', 'runner'], {
      ...process.env,
      ATTEST_RATE_LIMIT_PER_MINUTE: '100000',
      REDIS_URL: redis.url,
      ATTEST_QUEUE_PREFIX: redis.prefix,
      ATTEST_API_KEYS: `${KEY},${OTHER_KEY}`,
      ATTEST_ALLOW_LOCAL_REPOS: '1',
      ATTEST_DATA_DIR: path.join(data.path, 'data'),
      ATTEST_QUIET: '1',
    });
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await redis?.stop();
    textkit.dispose();
    data.dispose();
  });

  async function signedIn(key: string): Promise<Page> {
    const page = await (
      await browser.newContext({ viewport: { width: 1280, height: 900 } })
    ).newPage();
    await page.goto(base);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    return page;
  }

  async function submit(page: Page, repo: string, changedSince?: string): Promise<string> {
    await page.getByLabel('Repository').fill(repo);
    if (changedSince) await page.getByLabel('Changed since').fill(changedSince);
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.waitForURL(/#\/jobs\/[\w-]+$/);
    return /#\/jobs\/([\w-]+)$/.exec(page.url())![1]!;
  }

  let firstJob = '';

  it('refuses a wrong key with the reason, and signs in with a session cookie', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(base);
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('alert'), /the API key is not valid/);
    // By keyboard alone: back to the field, the key typed, Enter.
    await page.getByLabel('API key').fill('');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('api-key');
    await page.keyboard.type(KEY);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New job' }).waitFor();
    // Tab moves through the signed-in page's controls, its header's links first.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement.tagName')).toBe('A');
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: 'attest_session', httpOnly: true, sameSite: 'Strict' });
    // The cookie is the session's id, never the key.
    expect(cookie!.value).not.toContain(KEY);
    // Every control of the page has a label a screen reader reads.
    const unlabelled = await page.evaluate<string[]>(
      `[...document.querySelectorAll('input, button, select, textarea')]
        .filter((el) => !el.labels?.length && !el.textContent.trim() && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML)`,
    );
    expect(unlabelled).toEqual([]);
  });

  it('runs textkit live: progress moves, the ordinal(11) conflict shows 11st, the patch opens', async () => {
    const page = await signedIn(KEY);
    firstJob = await submit(page, textkit.path);
    // What the page shows of the job's stage and step, sampled while it runs.
    const shown = new Set<string>();
    const stage = page.getByTestId('stage');
    while (!(await page.getByTestId('accepted').count())) {
      shown.add(
        `${await stage.textContent()}|${(await page.getByTestId('step').count()) ? await page.getByTestId('step').textContent() : ''}`,
      );
      await page.waitForTimeout(100);
    }
    const stages = new Set([...shown].map((s) => s.split('|')[0]));
    expect([...stages]).toEqual(expect.arrayContaining(['verify']));
    expect(shown.size).toBeGreaterThanOrEqual(5);

    await expectText(page.locator('h2 .state'), 'completed');
    const conflict = page.getByTestId('conflict').filter({ hasText: 'ordinal(11)' });
    await expectText(conflict.getByTestId('documented'), "'11th'");
    await expectText(conflict.getByTestId('actual'), "'11st'");
    // Where the two part is marked: after their common '11.
    await expectText(conflict.getByTestId('actual').locator('mark'), "st'");
    expect(Number(await page.getByTestId('accepted').textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'job-view.png') });

    await page.getByRole('button', { name: 'Show the patch' }).click();
    const patch = page.getByTestId('patch');
    await patch.locator('.d2h-file-wrapper').first().waitFor();
    await expectText(patch, /ordinal/);
    await patch.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'job-patch.png') });

    // The downloads answer with the session alone.
    for (const name of ['report.md', 'report.json', 'tests.patch']) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const response = await page.request.get(`${base}${href}`);
      expect([name, response.status()]).toEqual([name, 200]);
    }
  });

  it('cancels a running job within 5 s, its sandboxed processes gone with it', async () => {
    // A file every test's verdict is keyed by, changed: no verdict of the first job is reused,
    // so this job's runner has tests to run.
    appendFileSync(path.join(textkit.path, 'README.md'), '\n');
    const page = await signedIn(KEY);
    await submit(page, textkit.path);
    // Wait until the runner's sandboxed test processes are at work.
    await page.getByTestId('stage').filter({ hasText: 'verify' }).waitFor({ timeout: 90_000 });
    for (let i = 0; i < 300 && sandboxedProcesses().length === 0; i += 1)
      await page.waitForTimeout(100);
    expect(sandboxedProcesses().length).toBeGreaterThan(0);

    const asked = Date.now();
    await page.getByRole('button', { name: 'Cancel job' }).click();
    await page.locator('h2 .state').filter({ hasText: 'cancelled' }).waitFor({ timeout: 5_000 });
    const landed = Date.now() - asked;
    for (let i = 0; i < 50 && sandboxedProcesses().length > 0; i += 1)
      await page.waitForTimeout(100);
    expect(sandboxedProcesses()).toEqual([]);
    expect(landed).toBeLessThan(5_000);
    await page.screenshot({ path: path.join(SHOTS, 'job-cancelled.png') });
  });

  it('runs a diff job from the form, and shows what the change touched and what it broke', async () => {
    // The first job's tests merged (its branch is the only one the jobs made), then the
    // copy's working tree breaks capitalize's README example, and the test delivered for it.
    const [delivered] = git(
      textkit.path,
      'for-each-ref',
      '--format=%(refname:short)',
      'refs/heads/attest',
    ).split('\n');
    git(textkit.path, 'merge', '-q', '--ff-only', delivered!);
    breakCapitalize(textkit.path);
    const page = await signedIn(KEY);
    await submit(page, textkit.path, 'HEAD');
    await page.getByTestId('accepted').waitFor({ timeout: 120_000 });
    await expectText(page.getByTestId('changes'), /^1 of \d+ targets changed since HEAD/);
    const conflict = page.getByTestId('conflict').filter({ hasText: "capitalize('hello World')" });
    await expectText(conflict.getByTestId('actual'), "'Hello world'");
    await expectText(
      conflict.getByTestId('failing-tests'),
      /^Delivered earlier, and now failing: test\/attest\/strings\.capitalize\.examples\.test\.ts · /,
    );
    await expectText(
      page.getByTestId('delivered-test'),
      /^conflict test\/attest\/strings\.capitalize\.examples\.test\.ts · /,
    );
    await page.screenshot({ path: path.join(SHOTS, 'job-diff.png'), fullPage: true });

    // The same job again: every verdict is the first's, and the page says so.
    const again = await signedIn(KEY);
    await submit(again, textkit.path, 'HEAD');
    await again.getByTestId('accepted').waitFor({ timeout: 120_000 });
    await expectText(again.getByTestId('verdicts-reused'), /^[1-9]\d* from earlier jobs/);
  });

  it("shows a second key none of the first key's jobs", async () => {
    const page = await signedIn(OTHER_KEY);
    await expectText(page.getByText('No jobs yet.'), 'No jobs yet.');
    await page.goto(`${base}/#/jobs/${firstJob}`);
    await expectText(page.getByRole('alert'), new RegExp(`no job ${firstJob}|not found`, 'i'));
    const mine = await signedIn(KEY);
    await mine.locator(`tr[data-job="${firstJob}"]`).waitFor();
  });
});

/** Waits (up to 10 s) until the locator's text matches, then checks it. */
async function expectText(
  locator: ReturnType<Page['locator']>,
  expected: string | RegExp,
): Promise<void> {
  let text = '';
  for (let i = 0; i < 100; i += 1) {
    text = (await locator.first().textContent({ timeout: 10_000 })) ?? '';
    if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (typeof expected === 'string') expect(text).toContain(expected);
  else expect(text).toMatch(expected);
}
