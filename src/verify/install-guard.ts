import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * The variables that keep a package manager from running a repository's code during its
 * install, whatever the repository's own settings say (the environment outranks a project's
 * .npmrc and .yarnrc): no scripts, no yarnPath binary, no git binary of its choosing.
 */
export const NO_REPOSITORY_CODE: Record<string, string> = {
  npm_config_ignore_scripts: 'true',
  npm_config_git: 'git',
  npm_config_script_shell: '/bin/sh',
  YARN_IGNORE_PATH: '1',
  YARN_ENABLE_SCRIPTS: '0',
};

/** Top-level keys of .yarnrc.yml that load code: a yarn binary of the repository's, and plugins. */
const YARNRC_CODE = ['yarnPath', 'plugins'];

/**
 * Takes out of an install's copy whatever would make the package manager run the repository's
 * code: `.pnpmfile.cjs` (pnpm also gets --ignore-pnpmfile), `yarnPath` and `plugins` in
 * .yarnrc.yml, `yarn-path` in .yarnrc. Gives what it took out, in words, for the error message
 * of an install that then fails.
 */
export async function withoutRepositoryCode(dir: string): Promise<string[]> {
  const taken: string[] = [];
  const pnpmfile = path.join(dir, '.pnpmfile.cjs');
  if (existsSync(pnpmfile)) {
    await fs.rm(pnpmfile);
    taken.push('.pnpmfile.cjs');
  }
  const berry = path.join(dir, '.yarnrc.yml');
  if (existsSync(berry)) {
    const kept = withoutKeys(await fs.readFile(berry, 'utf8'), YARNRC_CODE);
    if (kept.taken.length) {
      await fs.writeFile(berry, kept.text);
      taken.push(...kept.taken.map((k) => `${k} in .yarnrc.yml`));
    }
  }
  const classic = path.join(dir, '.yarnrc');
  if (existsSync(classic)) {
    const text = await fs.readFile(classic, 'utf8');
    const kept = text.replace(/^\s*["']?yarn-path["']?\s.*$/gm, '');
    if (kept !== text) {
      await fs.writeFile(classic, kept);
      taken.push('yarn-path in .yarnrc');
    }
  }
  return taken;
}

/** A YAML text without the given top-level keys and their indented values. */
function withoutKeys(text: string, keys: string[]): { text: string; taken: string[] } {
  const taken: string[] = [];
  let skipping = false;
  const lines = text.split('\n').filter((line) => {
    const top = /^["']?([A-Za-z][\w-]*)["']?\s*:/.exec(line);
    if (top) {
      skipping = keys.includes(top[1]!);
      if (skipping) taken.push(top[1]!);
    } else if (line.trim() && !/^\s/.test(line)) skipping = false;
    return !skipping;
  });
  return { text: lines.join('\n'), taken };
}

/** What an install's error adds when the repository asked for code that Attest does not run. */
export function ignoredCode(taken: string[]): string {
  return taken.length
    ? ` The repository asks for code to run during its install (${taken.join(', ')}), which Attest never runs; it installed with its own package managers instead.`
    : '';
}

/** What an install's error adds when its lock or settings asked for hosts that are not registries. */
export function refusedHosts(refused: ReadonlySet<string>): string {
  return refused.size
    ? ` It asked for ${[...refused].join(', ')}, which ${refused.size === 1 ? 'is not a configured registry' : 'are not configured registries'} (named by the lock file or .npmrc); an operator allows a registry with ATTEST_REGISTRIES.`
    : '';
}
