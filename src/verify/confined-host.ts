import { realpathSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * A compiler host that reads only below `roots` (by real path): a tsconfig `paths` entry or a
 * link that leads elsewhere on the machine finds nothing there, and the path is recorded in
 * `refused`, so that the compile gate, which runs outside the sandbox, reads no host file.
 */
export function confinedHost(
  options: ts.CompilerOptions,
  roots: readonly string[],
): { host: ts.CompilerHost; refused: Set<string> } {
  const host = ts.createCompilerHost(options);
  const allowed = roots.map((r) => real(r) ?? path.resolve(r));
  const refused = new Set<string>();
  const inside = (file: string): boolean => {
    const existing = real(file);
    const resolved = existing ?? path.resolve(file);
    const ok = allowed.some((root) => resolved === root || resolved.startsWith(root + path.sep));
    if (!ok && existing !== null) refused.add(resolved);
    return ok;
  };
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const directoryExists = host.directoryExists?.bind(host);
  host.fileExists = (file) => inside(file) && fileExists(file);
  host.readFile = (file) => (inside(file) ? readFile(file) : undefined);
  host.getSourceFile = (file, ...rest) => (inside(file) ? getSourceFile(file, ...rest) : undefined);
  if (directoryExists) host.directoryExists = (dir) => inside(dir) && directoryExists(dir);
  return { host, refused };
}

/** The real path of a file or folder, or null when there is none. */
function real(file: string): string | null {
  try {
    return realpathSync(file);
  } catch {
    return null;
  }
}
