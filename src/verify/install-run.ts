import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunnerSettings } from '../core/verification';
import { NO_REPOSITORY_CODE } from './install-guard';
import { containCommand, isolation, type RunPaths } from './isolation';
import type { InstallPlan } from './package-manager';
import type { ProcessRunner, RunResult } from './process-runner';
import { PROXY_SOCKET, RegistryProxy, registryHosts } from './registry-proxy';

/** Where npm, pnpm and yarn keep their caches and stores under HOME: an install writes them. */
const MANAGER_CACHES = ['.npm', '.cache', '.local/share/pnpm', '.yarn/berry'];
/** The operator's own registry settings under HOME, which an install reads and never writes. */
const MANAGER_CONFIGS = ['.npmrc', '.yarnrc', '.yarnrc.yml', '.config/pnpm'];

/**
 * What an install may touch, in the same sandbox as the tests: it writes its own folder and a
 * HOME of Attest's own that holds the package managers' caches, reads the operator's registry
 * settings mounted into that HOME, and reaches the registries through the egress proxy.
 */
async function installPaths(
  dir: string,
  home: string,
  operatorHome: string,
  proxy: string,
): Promise<RunPaths> {
  await Promise.all(MANAGER_CACHES.map((c) => fs.mkdir(path.join(home, c), { recursive: true })));
  return {
    writable: [dir, home],
    mounts: MANAGER_CONFIGS.map((c) => ({
      from: path.join(operatorHome, c),
      to: path.join(home, c),
    })),
    proxy,
  };
}

const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Whether a package manager's run ended well. */
export const succeeded = (r: RunResult) => r.status === 'exited' && r.code === 0;

/**
 * Runs the install's package manager in `dir`, contained: in the sandbox as its unprivileged
 * user, with no repository code (NO_REPOSITORY_CODE), reaching the registries alone through an
 * egress proxy of its own; then its fallback command when the first fails. Says which hosts the
 * proxy refused.
 */
export async function runInstall(
  dir: string,
  plan: InstallPlan,
  options: RunnerSettings,
  runner: ProcessRunner,
): Promise<{
  result: RunResult;
  fallback: boolean;
  refused: ReadonlySet<string>;
  /** The sandbox's limit the install reached ("used more than 4096 MiB of memory …"), if it did. */
  exceeded: string | null;
}> {
  const managerHome = path.join(options.cacheDir ?? os.tmpdir(), 'install-home');
  const proxyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'attest-proxy-'));
  const { policy } = isolation();
  const proxy = await RegistryProxy.start(
    proxyDir,
    await registryHosts(
      policy.registries,
      MANAGER_CONFIGS.map((c) => path.join(options.home, c)),
    ),
  );
  let result: RunResult;
  let fallback = false;
  let exceeded: string | null = null;
  try {
    const contained = await installPaths(dir, managerHome, options.home, proxyDir);
    const run = async (args: string[]) => {
      const command = await containCommand(plan.command, args, contained);
      try {
        const ran = await runner.run({
          ...command,
          cwd: dir,
          env: {
            PATH: options.path,
            HOME: managerHome,
            ...plan.env,
            ...NO_REPOSITORY_CODE,
            ATTEST_PROXY_SOCKET: path.join(proxyDir, PROXY_SOCKET),
          },
          timeoutMs: INSTALL_TIMEOUT_MS,
        });
        exceeded = succeeded(ran) ? null : await command.exceeded();
        return ran;
      } finally {
        await command.dispose();
      }
    };
    result = await run(plan.args);
    if (!succeeded(result) && result.status !== 'timed-out' && plan.fallback) {
      result = await run(plan.fallback.args);
      fallback = true;
    }
  } finally {
    await proxy.stop();
    await fs.rm(proxyDir, { recursive: true, force: true });
  }
  return { result, fallback, refused: proxy.refused, exceeded };
}
