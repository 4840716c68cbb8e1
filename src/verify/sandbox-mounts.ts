import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** The top-level folders a Node toolchain runs from; merged-/usr systems make most of them links. */
export const SYSTEM_FOLDERS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * What of /etc a toolchain reads: users and groups by name (os.userInfo), name resolution,
 * certificates, the time zone, the dynamic linker and the `alternatives` links of /usr/bin.
 * Nothing else: not /etc/shadow, not the host's service configurations.
 */
const ETC = [
  'passwd',
  'group',
  'hosts',
  'resolv.conf',
  'nsswitch.conf',
  'host.conf',
  'localtime',
  'timezone',
  'ssl',
  'ca-certificates',
  'ca-certificates.conf',
  'alternatives',
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'os-release',
  'mime.types',
].map((name) => path.join('/etc', name));

/**
 * bubblewrap's arguments that mount the system a run needs, read-only, from the allowlist;
 * `parents` makes the folders above a mount point.
 */
export function systemMounts(parents: (dest: string) => string[]): string[] {
  return [
    ...SYSTEM_FOLDERS.flatMap(mount),
    ...ETC.filter((p) => existsSync(p)).flatMap((p) => [...parents(p), '--ro-bind', p, p]),
  ];
}

/** A link (/bin -> usr/bin) is made again as the same link; a real folder is bound read-only. */
function mount(dir: string): string[] {
  try {
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(dir), dir];
    return stat.isDirectory() ? ['--ro-bind', dir, dir] : [];
  } catch {
    return [];
  }
}
