import { existsSync } from 'node:fs';
import path from 'node:path';
import { ProcessRunner, runnerEnvironment } from '../../src/verify/process-runner';
import { tempDir } from '../helpers/temp-dir';

const node = (
  script: string,
  timeoutMs = 10_000,
  env: Record<string, string> = { PATH: process.env.PATH ?? '' },
) =>
  new ProcessRunner().run({
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env,
    timeoutMs,
  });

describe(ProcessRunner.name, () => {
  it('returns the exit code and output of a command', async () => {
    const result = await node(
      "process.stdout.write('out'); process.stderr.write('err'); process.exit(3)",
    );
    expect(result).toMatchObject({ status: 'exited', code: 3, stdout: 'out', stderr: 'err' });
  });

  it('kills a looping command and everything it forked when the time runs out', async () => {
    const dir = tempDir();
    const marker = path.join(dir.path, 'grandchild-survived');
    const grandchild = `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'), 1500)`;
    const script = `require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' }); for (;;) {}`;
    try {
      const result = await node(script, 500);
      expect(result).toMatchObject({ status: 'timed-out', stderr: '' });
      await new Promise((r) => setTimeout(r, 2000));
      expect(existsSync(marker)).toBe(false);
    } finally {
      dir.dispose();
    }
  });

  it('reports a command killed by a signal', async () => {
    const result = await node("process.kill(process.pid, 'SIGTERM')");
    expect(result).toMatchObject({ status: 'signalled', signal: 'SIGTERM' });
  });
});

describe(runnerEnvironment.name, () => {
  it('passes only allowlisted variables, never keys, tokens or passwords', () => {
    const env = runnerEnvironment(
      { PATH: '/bin', OPENAI_API_KEY: 'sk', GITHUB_TOKEN: 't', DB_PASSWORD: 'p', HOME: '/root' },
      { HOME: '/tmp/ws' },
    );
    expect(env).toEqual({ NODE_ENV: 'test', CI: 'true', TZ: 'UTC', PATH: '/bin', HOME: '/tmp/ws' });
  });

  it('refuses an extra variable that looks like a secret', () => {
    expect(() => runnerEnvironment({}, { MY_API_KEY: 'x' })).toThrow(/MY_API_KEY/);
  });
});
