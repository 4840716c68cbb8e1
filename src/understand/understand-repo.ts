import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CodeSymbol, ExistingTest, ParsedFileSummary } from '../core/code-symbol';
import type { RepoSnapshot } from '../core/repo-snapshot';
import type { Requirement } from '../core/requirement';
import { frameworkOf, isTestFile, referencedSymbols } from './existing-tests';
import { extractSymbols, type ModuleExports } from './extract-symbols';
import { ModuleGraph, recordReexports } from './module-graph';
import { packageEntry, type PackageEntry, type PackageManifest } from './package-entry';
import { parseExamples } from './parse-examples';
import { readGherkin } from './read-gherkin';
import { readMarkdown } from './read-markdown';
import { RequirementIdAllocator, writtenId } from './requirement-id';
import { resolveExamples } from './resolve-examples';
import { SourceParser, countErrorNodes, languageOf } from './source-parser';

/** What the understand stage knows of a repository. */
export interface Understanding {
  symbols: CodeSymbol[];
  requirements: Requirement[];
  tests: ExistingTest[];
  parsedFiles: ParsedFileSummary[];
  entry: PackageEntry;
  /** Bytes of code that tree-sitter parsed. */
  codeBytes: number;
  /** The text of each code file, by path: chunks and prompts quote from it. */
  sources: Map<string, string>;
}

const NOT_REQUIREMENTS =
  /(?:^|\/)(?:CHANGELOG|HISTORY|LICENSE|LICENCE|CODE_OF_CONDUCT|SECURITY)(?:\.\w+)?$/i;

/** Parses the code with tree-sitter and reads the requirements (Markdown, JSDoc, Gherkin). */
export async function understandRepo(
  snapshot: RepoSnapshot,
  parser = new SourceParser(),
): Promise<Understanding> {
  const modules = new Map<string, ModuleExports>();
  const testModules = new Map<string, { exports: ModuleExports; text: string }>();
  const symbols: CodeSymbol[] = [];
  const parsedFiles: ParsedFileSummary[] = [];
  const sources = new Map<string, string>();
  let codeBytes = 0;
  for (const file of snapshot.files) {
    const language = languageOf(file.path);
    if (!language) continue;
    const text = await fs.readFile(path.join(snapshot.root, file.path), 'utf8');
    const tree = parser.parse(text, language);
    sources.set(file.path, text);
    codeBytes += file.size;
    const extracted = extractSymbols(tree, file.path);
    parsedFiles.push({ file: file.path, language, errorNodes: countErrorNodes(tree) });
    if (isTestFile(file.path)) {
      testModules.set(file.path, { exports: extracted.exports, text });
      continue;
    }
    modules.set(file.path, extracted.exports);
    symbols.push(...extracted.symbols);
  }
  const graph = new ModuleGraph(modules, symbols);
  recordReexports(graph, modules);
  const entry = packageEntry(await readManifest(snapshot.root), graph);
  const requirements = await readRequirements(snapshot, symbols, parser);
  resolveExamples(requirements, { graph, symbols, entry });
  const tests = [...testModules].map(([file, { exports, text }]) => ({
    file,
    framework: frameworkOf(text),
    symbolIds: referencedSymbols(file, exports, graph, entry),
  }));
  return { symbols, requirements, tests, parsedFiles, entry, codeBytes, sources };
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
    file: symbol.file,
    line: doc.line,
    endLine: doc.line + doc.text.split('\n').length - 1,
    headingPath: [label],
    text: doc.text,
    examples: doc.examples.flatMap((e) => parseExamples(e.text, e.line, parser)),
    symbolId: symbol.id,
    tables: [],
  };
}

function isMarkdown(file: string): boolean {
  return (
    /\.(md|mdx|markdown)$/i.test(file) ||
    /(?:^|\/)README[^/]*$/i.test(file) ||
    /^docs\/.*\.txt$/.test(file)
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
