import { promises as fs } from 'node:fs';
import path from 'node:path';
import type {
  CodeSymbol,
  ExistingTest,
  ParsedFileSummary,
  TypeDeclaration,
} from '../core/code-symbol';
import type { TestDialect } from '../core/dialects/dialects';
import type { RepoSnapshot } from '../core/repo-snapshot';
import type { Requirement } from '../core/requirement';
import { isTestFile, referencedSymbols } from './existing-tests';
import { frameworkOf, testDialect } from './test-dialect';
import type { ModuleExports } from './extract-symbols';
import type { ParsedFile } from './parse-file';
import { ParsePool } from './parse-pool';
import { ModuleGraph, recordReexports } from './module-graph';
import { packageEntry, type PackageEntry, type PackageManifest } from './package-entry';
import { readBlocks } from './parse-examples';
import { readGherkin } from './read-gherkin';
import { readMarkdown } from './read-markdown';
import { RequirementIdAllocator, writtenId } from './requirement-id';
import { resolveExamples } from './resolve-examples';
import { SourceParser, languageOf } from './source-parser';

/** What the understand stage knows of a repository. */
export interface Understanding {
  symbols: CodeSymbol[];
  /** Interfaces and type aliases: the shapes of the collaborators a class is handed. */
  declarations: TypeDeclaration[];
  /** The framework the repository's tests are written for, which generated tests follow. */
  dialect: TestDialect;
  requirements: Requirement[];
  tests: ExistingTest[];
  parsedFiles: ParsedFileSummary[];
  entry: PackageEntry;
  /** Bytes of code that tree-sitter parsed. */
  codeBytes: number;
  /** The text of each code file, by path: chunks and prompts quote from it. */
  sources: Map<string, string>;
  /** The workspace package that was read (`packages/foo`), or null for the whole repository. */
  scope: string | null;
}

const NOT_REQUIREMENTS =
  /(?:^|\/)(?:CHANGELOG|HISTORY|LICENSE|LICENCE|CODE_OF_CONDUCT|SECURITY)(?:\.\w+)?$/i;

/**
 * Parses the code with tree-sitter and reads the requirements (Markdown, JSDoc, Gherkin). Given
 * a workspace package's folder (`packages/foo`), reads that package alone: its code, its
 * tests, its docs and its package.json, with the test runner that it or the root declares.
 */
export async function understandRepo(
  whole: RepoSnapshot,
  parser = new SourceParser(),
  scope?: string,
): Promise<Understanding> {
  const snapshot = scope
    ? { ...whole, files: whole.files.filter((f) => f.path.startsWith(`${scope}/`)) }
    : whole;
  const modules = new Map<string, ModuleExports>();
  const testModules = new Map<string, ModuleExports>();
  const symbols: CodeSymbol[] = [];
  const declarations: TypeDeclaration[] = [];
  const parsedFiles: ParsedFileSummary[] = [];
  const sources = new Map<string, string>();
  const codeFiles = snapshot.files.filter((f) => languageOf(f.path) !== null);
  const codeBytes = codeFiles.reduce((n, f) => n + f.size, 0);
  const pool = ParsePool.forBytes(codeBytes);
  let parsed: ParsedFile[];
  try {
    // Files are read one at a time (a large repository would exhaust file handles otherwise)
    // while the pool's workers parse those already read.
    // Largest first, so that no large file starts last and keeps one worker busy alone.
    const pending = new Map<string, Promise<ParsedFile>>();
    for (const file of [...codeFiles].sort((a, b) => b.size - a.size)) {
      const text = await fs.readFile(path.join(snapshot.root, file.path), 'utf8');
      sources.set(file.path, text);
      pending.set(file.path, pool.parse(file.path, text, languageOf(file.path)!));
    }
    parsed = await Promise.all(codeFiles.map((f) => pending.get(f.path)!));
  } finally {
    await pool.dispose();
  }
  for (const file of parsed) {
    parsedFiles.push({ file: file.file, language: file.language, errorNodes: file.errorNodes });
    if (isTestFile(file.file)) {
      testModules.set(file.file, file.exports);
      continue;
    }
    modules.set(file.file, file.exports);
    symbols.push(...file.symbols);
    declarations.push(...file.declarations);
  }
  const graph = new ModuleGraph(modules, symbols);
  recordReexports(graph, modules);
  const entry = packageEntry(await readManifest(path.join(snapshot.root, scope ?? '')), graph);
  const requirements = await readRequirements(snapshot, symbols, parser);
  resolveExamples(requirements, { graph, symbols, entry });
  const tests = [...testModules].map(([file, exports]) => ({
    file,
    framework: frameworkOf(sources.get(file) ?? ''),
    symbolIds: referencedSymbols(file, exports, graph, entry),
  }));
  const dialect = testDialect(snapshot.root, tests, scope);
  return {
    symbols,
    declarations,
    dialect,
    requirements,
    tests,
    parsedFiles,
    entry,
    codeBytes,
    sources,
    scope: scope ?? null,
  };
}

async function readRequirements(
  snapshot: RepoSnapshot,
  symbols: CodeSymbol[],
  parser: SourceParser,
): Promise<Requirement[]> {
  const ids = new RequirementIdAllocator();
  const out: Requirement[] = [];
  for (const file of snapshot.files) {
    if (NOT_REQUIREMENTS.test(file.path)) continue;
    if (isMarkdown(file.path)) {
      const text = await fs.readFile(path.join(snapshot.root, file.path), 'utf8');
      out.push(...readMarkdown(file.path, text, parser, ids));
    } else if (file.path.endsWith('.feature')) {
      const text = await fs.readFile(path.join(snapshot.root, file.path), 'utf8');
      out.push(...readGherkin(file.path, text, ids));
    }
  }
  for (const symbol of symbols) {
    if (
      symbol.jsdoc &&
      (symbol.jsdoc.summary || symbol.jsdoc.examples.length || symbol.jsdoc.throws.length)
    ) {
      out.push(jsdocRequirement(symbol, parser, ids));
    }
  }
  return out;
}

function jsdocRequirement(
  symbol: CodeSymbol,
  parser: SourceParser,
  ids: RequirementIdAllocator,
): Requirement {
  const doc = symbol.jsdoc!;
  const label = symbol.className ? `${symbol.className}.${symbol.name}` : symbol.name;
  return {
    id: ids.allocate('jsdoc', writtenId('', doc.text), `${symbol.file}\n${label}`, doc.text),
    source: 'jsdoc',
    file: doc.file ?? symbol.file,
    line: doc.line,
    endLine: doc.line + doc.text.split('\n').length - 1,
    headingPath: [label],
    text: doc.text,
    ...readBlocks(
      doc.examples.map((e) => ({ code: e.text, line: e.line })),
      parser,
    ),
    symbolId: symbol.id,
    tables: [],
  };
}

function isMarkdown(file: string): boolean {
  return (
    /\.(md|mdx|markdown)$/i.test(file) ||
    /(?:^|\/)README[^/]*$/i.test(file) ||
    /(?:^|\/)docs\/.*\.txt$/.test(file)
  );
}

async function readManifest(root: string): Promise<PackageManifest | null> {
  try {
    return JSON.parse(
      await fs.readFile(path.join(root, 'package.json'), 'utf8'),
    ) as PackageManifest;
  } catch (error) {
    // A repository without a readable package.json is still read; its package name is unknown.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return null;
    throw error;
  }
}
