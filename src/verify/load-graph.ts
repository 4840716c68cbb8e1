import { builtinModules } from 'node:module';
import path from 'node:path';
import type Parser from 'tree-sitter';
import { stringValue } from '../understand/module-bindings';
import { languageOf, type SourceParser } from '../understand/source-parser';

type Node = Parser.SyntaxNode;

/** Calls whose first argument names a module that a run loads, or stands in for. */
const LOADERS = new Set([
  'require',
  'import',
  'require.resolve',
  'jest.mock',
  'jest.doMock',
  'jest.unmock',
  'jest.requireActual',
  'jest.requireMock',
  'jest.createMockFromModule',
  'vi.mock',
  'vi.doMock',
  'vi.unmock',
  'vi.importActual',
  'vi.importMock',
]);

/** Modules through which code reads files, or loads modules by a name computed at run time. */
const OPEN_MODULES = new Set(['fs', 'fs/promises', 'module']);

const BUILTINS = new Set(builtinModules);

/** The test frameworks' own modules: the runner's (its engine, keyed apart) when the repository has none. */
const FRAMEWORKS = new Set(['@jest/globals', 'vitest', 'mocha', 'chai', 'expect']);

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** What one file's text can load: the modules it names, or null when it names one by computation. */
export function fileLoads(root: Node): string[] | null {
  const names: string[] = [];
  for (const node of root.descendantsOfType([
    'import_statement',
    'export_statement',
    'call_expression',
    'identifier',
  ])) {
    if (node.type === 'identifier') {
      // `require` handed around (`const r = require`) loads what no literal names.
      if (node.text === 'require' && !calledOrResolved(node)) return null;
      continue;
    }
    if (node.type !== 'call_expression') {
      const source = node.childForFieldName('source');
      if (source) names.push(stringValue(source));
      continue;
    }
    const callee = node.childForFieldName('function');
    if (!callee || !LOADERS.has(callee.text)) continue;
    const first = node.childForFieldName('arguments')?.namedChildren[0];
    const name = first ? literal(first) : null;
    if (name === null) return null;
    names.push(name);
  }
  return names.some((n) => OPEN_MODULES.has(n.replace(/^node:/, ''))) ? null : names;
}

function calledOrResolved(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type === 'call_expression')
    return parent.childForFieldName('function')?.id === node.id;
  return (
    parent?.type === 'member_expression' && parent.childForFieldName('property')?.text === 'resolve'
  );
}

/** A string literal's value, or a template's with no substitution; null for anything computed. */
function literal(node: Node): string | null {
  if (node.type === 'string') return stringValue(node);
  if (
    node.type === 'template_string' &&
    !node.namedChildren.some((c) => c.type === 'template_substitution')
  )
    return node.text.slice(1, -1);
  return null;
}

/**
 * The repository files a run that starts at some files can load, by following the modules
 * their texts name (import, export … from, require, dynamic import, jest.mock and vi.mock, and
 * the like) from file to file. Null when the graph is open: a name computed at run time, a
 * module that reads files (fs) or loads by name (module), or a package that is none of the
 * declared dependencies (the package itself by name, a path alias, a workspace sibling), any
 * of which can reach any file.
 */
export class LoadGraph {
  private readonly loads = new Map<string, string[] | null>();

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly textOf: (file: string) => string | null,
    private readonly parser: SourceParser,
    /** The packages installed from a registry: their content is the install's, keyed apart. */
    private readonly dependencies: ReadonlySet<string>,
  ) {}

  /** Every file reachable from `starts` (themselves included), or null when the graph is open. */
  from(starts: readonly string[]): Set<string> | null {
    const seen = new Set<string>();
    const queue = [...starts];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const names = this.namesIn(file);
      if (names === null) return null;
      for (const name of names) {
        if (!name.startsWith('.')) {
          if (this.isDependency(name)) continue;
          return null;
        }
        const target = this.resolve(file, name);
        if (target && !seen.has(target)) queue.push(target);
      }
    }
    return seen;
  }

  private namesIn(file: string): string[] | null {
    if (this.loads.has(file)) return this.loads.get(file)!;
    const language = languageOf(file);
    const text = language ? this.textOf(file) : null;
    const names =
      language && text !== null ? fileLoads(this.parser.parse(text, language).rootNode) : [];
    this.loads.set(file, names);
    return names;
  }

  private isDependency(name: string): boolean {
    const bare = name.replace(/^node:/, '');
    if (name.startsWith('node:') || BUILTINS.has(bare)) return true;
    const parts = name.split('/');
    const pkg = name.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
    return FRAMEWORKS.has(pkg) || this.dependencies.has(pkg);
  }

  /** The file a relative name reaches, with TypeScript's habits (`./x.js` for `./x.ts`, a folder's index). */
  private resolve(from: string, name: string): string | null {
    const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), name));
    const stripped = joined.replace(/\.[cm]?jsx?$/, '');
    const tries = [
      joined,
      ...EXTENSIONS.map((ext) => stripped + ext),
      ...EXTENSIONS.map((ext) => `${joined}/index${ext}`),
    ];
    return tries.find((f) => this.files.has(f)) ?? null;
  }
}

/**
 * The packages a repository declares in its package.json files (at the root and the package's
 * folder) with a registry version: a `workspace:`, `file:`, `link:` or git dependency is code of
 * the snapshot or beyond the install's key, so it is left out, and a name of it opens the graph.
 */
export function registryDependencies(manifests: readonly (string | null)[]): Set<string> {
  const names = new Set<string>();
  for (const text of manifests) {
    if (!text) continue;
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(text) as Record<string, unknown>;
    } catch {
      continue;
    }
    for (const field of [
      'dependencies',
      'devDependencies',
      'peerDependencies',
      'optionalDependencies',
    ]) {
      const deps = manifest[field];
      if (!deps || typeof deps !== 'object') continue;
      for (const [name, spec] of Object.entries(deps as Record<string, unknown>))
        if (typeof spec === 'string' && !/^(workspace|file|link|git|github|https?):|\//.test(spec))
          names.add(name);
    }
  }
  return names;
}
