import { parseConfig } from '../../src/core/attest-config';
import { parseSandboxPolicy } from '../../src/core/sandbox-policy';

describe(parseSandboxPolicy.name, () => {
  it('holds a run to nobody, 128 processes, 2 GiB (an install 4 GiB), a 256 MiB /tmp and npm’s registries by default', () => {
    expect(parseSandboxPolicy({})).toEqual({
      uid: 65534,
      pids: 128,
      memoryMb: 2048,
      installMemoryMb: 4096,
      tmpfsMb: 256,
      fileMb: 256,
      openFiles: 4096,
      registries: ['registry.npmjs.org', 'registry.yarnpkg.com'],
    });
  });

  it('reads each limit, and registries given as hosts or URLs', () => {
    const policy = parseSandboxPolicy({
      ATTEST_SANDBOX_UID: '2000',
      ATTEST_SANDBOX_PIDS: '64',
      ATTEST_SANDBOX_MEMORY_MB: '1024',
      ATTEST_SANDBOX_INSTALL_MEMORY_MB: '3072',
      ATTEST_SANDBOX_TMPFS_MB: '128',
      ATTEST_SANDBOX_FILE_MB: '64',
      ATTEST_SANDBOX_OPEN_FILES: '1024',
      ATTEST_REGISTRIES: 'https://npm.example.com/repo/, mirror.example.org:8443',
    });
    expect(policy).toEqual({
      uid: 2000,
      pids: 64,
      memoryMb: 1024,
      installMemoryMb: 3072,
      tmpfsMb: 128,
      fileMb: 64,
      openFiles: 1024,
      registries: ['npm.example.com', 'mirror.example.org'],
    });
  });

  it("never gives an install less memory than a test run's", () => {
    expect(
      parseSandboxPolicy({
        ATTEST_SANDBOX_MEMORY_MB: '8192',
        ATTEST_SANDBOX_INSTALL_MEMORY_MB: '4096',
      }).installMemoryMb,
    ).toBe(8192);
  });

  it.each([
    [{ ATTEST_SANDBOX_UID: '0' }, /^ATTEST_SANDBOX_UID is invalid/],
    [{ ATTEST_SANDBOX_PIDS: 'many' }, /^ATTEST_SANDBOX_PIDS is invalid/],
    [
      { ATTEST_SANDBOX_TMPFS_MB: '4096' },
      /^ATTEST_SANDBOX_TMPFS_MB \(4096\) must be below ATTEST_SANDBOX_MEMORY_MB \(2048\)/,
    ],
    [
      { ATTEST_REGISTRIES: 'http://exa mple' },
      /^ATTEST_REGISTRIES is invalid: 'http:\/\/exa mple'/,
    ],
  ])('stops the start with the variable named for %j', (env, message) => {
    expect(() => parseSandboxPolicy(env)).toThrow(message);
    // The CLI and the service read the sandbox's settings with the rest, at start.
    expect(() => parseConfig(env)).toThrow(message);
  });
});
