import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { DIALECTS } from '../core/dialects/dialects';
import { attestRoot, runtimeSource } from './attest-root';
import { confinedHost } from './confined-host';
import { dependencyTree } from './isolation';
import { nearestTsconfig, readTsconfig } from '../runtime/tsconfig-reader';

/** Options for a repository without a tsconfig.json: lenient, as most JavaScript-first repositories need. */
const DEFAULTS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  allowJs: true,
  checkJs: false,
  skipLibCheck: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.ReactJSX,
};

/** One compiler error: its line (null for the file as a whole) and its text with line and code. */
export interface CompileError {
  line: number | null;
  text: string;
}

/**
 * Type-checks test files against the repository's own types with the TypeScript compiler API,
 * and returns each file's errors in the compiler's words (`line 3: Expected 2 arguments, but got 1.`).
 * JavaScript test files are checked for syntax only, as a JavaScript repository expects.
 */
export function typeCheck(workspace: string, testFiles: string[]): Map<string, CompileError[]> {
  // Each file is checked under the tsconfig nearest to it: a monorepo's packages keep theirs.
  const byConfig = new Map<string | null, string[]>();
  for (const file of testFiles) {
    const config = nearestTsconfig(workspace, path.dirname(path.join(workspace, file)));
    byConfig.set(config, [...(byConfig.get(config) ?? []), file]);
  }
  const errors = new Map<string, CompileError[]>();
  for (const [config, files] of byConfig) {
    const from = config ? path.dirname(config) : workspace;
    for (const [file, found] of checkUnder(workspace, from, files)) errors.set(file, found);
  }
  return errors;
}

function checkUnder(
  workspace: string,
  from: string,
  testFiles: string[],
): Map<string, CompileError[]> {
  const options = { ...compilerOptions(workspace, from), noEmit: true };
  const roots = testFiles.map((f) => path.join(workspace, f));
  const confined = confinedHost(options, [
    workspace,
    ...dependencyTree(workspace),
    attestRoot(),
    typescriptLib(),
  ]);
  const program = ts.createProgram({ rootNames: roots, options, host: confined.host });
  const errors = new Map<string, CompileError[]>();
  for (const [i, root] of roots.entries()) {
    const source = program.getSourceFile(root);
    const file = testFiles[i]!;
    if (!source) {
      errors.set(file, [{ line: null, text: 'the compiler could not read the file.' }]);
      continue;
    }
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...(isTypeScript(file) ? program.getSemanticDiagnostics(source) : []),
    ];
    const found = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
    errors.set(file, [...found.map(describe), ...outsideReads(found, confined.refused)]);
  }
  return errors;
}

/** The module the compiler could not find (TS2307) because it lay outside, named. */
function outsideReads(found: ts.Diagnostic[], refused: ReadonlySet<string>): CompileError[] {
  if (refused.size === 0 || !found.some((d) => d.code === 2307 || d.code === 2792)) return [];
  return [
    {
      line: null,
      text: `an import resolves outside the repository and its installed dependencies (${[...refused].slice(0, 3).join(', ')}), which the compile gate does not read.`,
    },
  ];
}

/** TypeScript's own folder, where its lib.*.d.ts files are. */
function typescriptLib(): string {
  return path.dirname(require.resolve('typescript'));
}

function compilerOptions(workspace: string, from: string): ts.CompilerOptions {
  const attestTypes = path.join(attestRoot(), 'node_modules', '@types');
  const typing: ts.CompilerOptions = {
    typeRoots: [
      ...new Set([from, workspace].map((dir) => path.join(dir, 'node_modules', '@types'))),
      attestTypes,
    ],
    types: ['jest', 'node'],
  };
  const config = readTsconfig(workspace, from);
  const options = config.file ? { ...config.options, skipLibCheck: true } : DEFAULTS;
  // Tests written for a dialect whose API Attest's Jest maps to a shim (vitest) are checked
  // against the repository's own package when it is installed, else against the shim's types.
  const shimmed = DIALECTS.flatMap((d) => (d.onJest.module?.typed ? [d.onJest.module] : [])).filter(
    ({ name }) =>
      ![from, workspace].some((dir) => existsSync(path.join(dir, 'node_modules', name))),
  );
  const shims =
    shimmed.length === 0
      ? {}
      : {
          paths: {
            ...options.paths,
            ...Object.fromEntries(shimmed.map(({ name, shim }) => [name, [runtimeSource(shim)]])),
          },
        };
  // The repository's own settings (strictness, paths) decide; Attest adds Jest's globals.
  return { ...options, ...typing, ...shims };
}

function isTypeScript(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}

function describe(diagnostic: ts.Diagnostic): CompileError {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) {
    return { line: null, text: `${message} (TS${diagnostic.code})` };
  }
  const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
  return { line, text: `line ${line}: ${message} (TS${diagnostic.code})` };
}
