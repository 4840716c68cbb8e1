import { z } from 'zod';
import { ConfigError } from './attest-error';

/**
 * What every sandboxed run is held to: who it runs as, what it may use, and which registries an
 * install may reach. Read once from the environment; a bad value names its variable.
 */
export interface SandboxPolicy {
  /** The host uid (and gid) that untrusted code runs as when Attest itself runs as root. */
  uid: number;
  /** Processes and threads a run may have at once. */
  pids: number;
  /** Memory of the run's processes and its RAM-backed folders, where cgroups can hold it. */
  memoryMb: number;
  /**
   * Memory of an install (the package manager's code alone runs there): a large workspace's
   * resolution and the page cache of the files it writes pass the tests' limit.
   */
  installMemoryMb: number;
  /** Size of the RAM-backed /tmp a run gets. */
  tmpfsMb: number;
  /** The largest file a run may write. */
  fileMb: number;
  /** Open files per process. */
  openFiles: number;
  /** Host names an install may reach, through Attest's egress proxy, and nothing else. */
  registries: string[];
}

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const policySchema = z.object({
  // 65534 is `nobody` on Debian, Alpine and Fedora: a user that owns no file of the host.
  ATTEST_SANDBOX_UID: z.coerce.number().int().min(1).max(4294967294).default(65534),
  // Jest and its stand-in use about 30 threads; a suite that starts a few servers stays under.
  ATTEST_SANDBOX_PIDS: count(128),
  // Jest's heap cap (1 GiB) plus its code, a child process or two and the RAM-backed /tmp.
  ATTEST_SANDBOX_MEMORY_MB: count(2048),
  // pnpm resolving a 1,600-package workspace (set D's unhead) peaked past 2 GiB under cgroup v1,
  // which counts the page cache of the files it writes.
  ATTEST_SANDBOX_INSTALL_MEMORY_MB: count(4096),
  ATTEST_SANDBOX_TMPFS_MB: count(256),
  ATTEST_SANDBOX_FILE_MB: count(256),
  ATTEST_SANDBOX_OPEN_FILES: count(4096),
  ATTEST_REGISTRIES: z.string().optional(),
});

/** The registries an install reaches by default: npm's, and yarn's mirror of it. */
const DEFAULT_REGISTRIES = ['registry.npmjs.org', 'registry.yarnpkg.com'];

/** Parses the sandbox's settings, naming the variable that is wrong. */
export function parseSandboxPolicy(env: Record<string, string | undefined>): SandboxPolicy {
  const parsed = policySchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `${issue?.path.join('.') ?? 'environment'} is invalid: ${issue?.message ?? 'unknown problem'}`,
    );
  }
  const e = parsed.data;
  if (e.ATTEST_SANDBOX_TMPFS_MB >= e.ATTEST_SANDBOX_MEMORY_MB)
    throw new ConfigError(
      `ATTEST_SANDBOX_TMPFS_MB (${e.ATTEST_SANDBOX_TMPFS_MB}) must be below ATTEST_SANDBOX_MEMORY_MB (${e.ATTEST_SANDBOX_MEMORY_MB}): a run's RAM-backed /tmp counts toward its memory`,
    );
  return {
    uid: e.ATTEST_SANDBOX_UID,
    pids: e.ATTEST_SANDBOX_PIDS,
    memoryMb: e.ATTEST_SANDBOX_MEMORY_MB,
    installMemoryMb: Math.max(e.ATTEST_SANDBOX_INSTALL_MEMORY_MB, e.ATTEST_SANDBOX_MEMORY_MB),
    tmpfsMb: e.ATTEST_SANDBOX_TMPFS_MB,
    fileMb: e.ATTEST_SANDBOX_FILE_MB,
    openFiles: e.ATTEST_SANDBOX_OPEN_FILES,
    registries: e.ATTEST_REGISTRIES
      ? e.ATTEST_REGISTRIES.split(',')
          .map(registryHost)
          .filter((h) => h.length > 0)
      : DEFAULT_REGISTRIES,
  };
}

/** `https://npm.example.com/path` and `npm.example.com:8443` name the host `npm.example.com`. */
function registryHost(entry: string): string {
  const text = entry.trim();
  if (!text) return '';
  try {
    return new URL(text.includes('://') ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    throw new ConfigError(`ATTEST_REGISTRIES is invalid: '${text}' is not a host name or URL`);
  }
}
