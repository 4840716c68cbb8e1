import { execFileSync } from 'node:child_process';

/**
 * Settings that every git command of Attest's runs with, above any repository's own config
 * (git's command-line level, through GIT_CONFIG_COUNT): a submitted repository's .git/config,
 * its hooks and its includes never run a program of its choosing on Attest's host.
 */
const SAFE_CONFIG: [string, string][] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.sshCommand', 'ssh'],
  ['core.pager', 'cat'],
  ['core.editor', 'true'],
  ['core.askPass', ''],
  // An empty helper empties the list, so no helper of the repository's is asked.
  ['credential.helper', ''],
  ['protocol.allow', 'never'],
  ['protocol.https.allow', 'always'],
  ['protocol.http.allow', 'always'],
  ['protocol.file.allow', 'always'],
  ['protocol.ssh.allow', 'always'],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['gpg.program', 'gpg'],
  ['diff.external', ''],
  ['uploadpack.packObjectsHook', ''],
];

/** The settings of a driver that name a program, by kind of driver, emptied when pinned. */
const DRIVER_PROGRAMS: Record<string, [string, string][]> = {
  // `clean` would run on `git add`, `smudge` on a checkout.
  filter: [
    ['clean', ''],
    ['smudge', ''],
    ['process', ''],
    ['required', 'false'],
  ],
  // A diff driver's programs run when a diff is shown (format-patch uses none by default).
  diff: [
    ['textconv', ''],
    ['command', ''],
  ],
  merge: [['driver', '']],
};

/**
 * The pins for a repository: the safe settings, and every filter, diff and merge driver its
 * config names with its programs emptied. Reading config runs nothing.
 */
export function gitPins(dir: string | undefined): [string, string][] {
  return [...SAFE_CONFIG, ...(dir ? driverPins(dir) : [])];
}

function driverPins(dir: string): [string, string][] {
  let names: string;
  try {
    const kinds = Object.keys(DRIVER_PROGRAMS).join('|');
    names = execFileSync(
      'git',
      ['config', '--null', '--name-only', '--get-regexp', `^(${kinds})\\.`],
      {
        cwd: dir,
        encoding: 'utf8',
        timeout: 10_000,
        stdio: ['ignore', 'pipe', 'ignore'],
        env: { PATH: process.env.PATH ?? '', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' },
      },
    );
  } catch {
    // Exit 1: no driver configured (or not a repository, which the command itself will say).
    return [];
  }
  const drivers = new Set(
    names
      .split('\0')
      .map((key) => /^([a-z]+)\.(.+)\.[^.]+$/.exec(key))
      .filter((m): m is RegExpExecArray => m !== null && m[1]! in DRIVER_PROGRAMS)
      .map((m) => `${m[1]}.${m[2]}`),
  );
  return [...drivers].flatMap((driver) =>
    DRIVER_PROGRAMS[driver.slice(0, driver.indexOf('.'))]!.map(([key, value]): [string, string] => [
      `${driver}.${key}`,
      value,
    ]),
  );
}

/** The pins and any other settings as git's environment (GIT_CONFIG_COUNT, KEY_n, VALUE_n). */
export function configEnvironment(pairs: [string, string][]): Record<string, string> {
  const env: Record<string, string> = { GIT_CONFIG_COUNT: String(pairs.length) };
  pairs.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** The settings an environment already carries through GIT_CONFIG_COUNT, as pairs. */
export function configPairs(env: Record<string, string>): [string, string][] {
  const count = Number(env.GIT_CONFIG_COUNT ?? 0);
  return Array.from({ length: count }, (_, i): [string, string] => [
    env[`GIT_CONFIG_KEY_${i}`] ?? '',
    env[`GIT_CONFIG_VALUE_${i}`] ?? '',
  ]);
}
