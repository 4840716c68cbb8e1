import type Parser from 'tree-sitter';

interface TreeSitterModules {
  Parser: typeof Parser;
  JavaScript: Parser.Language;
  TypeScript: { typescript: Parser.Language; tsx: Parser.Language };
}

// HACK: Jest evaluates modules afresh for every test file in one process, and tree-sitter's
// wrapper breaks when it loads twice over one native addon: `tree.rootNode` comes back
// undefined (node-tree-sitter#53, jest#9206). The first load is kept on Buffer, which Jest
// shares across test files, so the wrapper is evaluated once per process. Outside Jest this
// is a plain require.
const SHARED = Symbol.for('attest.tree-sitter');
const holder = Buffer as unknown as Record<symbol, TreeSitterModules | undefined>;
const modules: TreeSitterModules = (holder[SHARED] ??= {
  /* eslint-disable @typescript-eslint/no-require-imports */
  Parser: require('tree-sitter') as typeof Parser,
  JavaScript: require('tree-sitter-javascript') as Parser.Language,
  TypeScript: require('tree-sitter-typescript') as TreeSitterModules['TypeScript'],
  /* eslint-enable @typescript-eslint/no-require-imports */
});

export type SourceLanguage = 'typescript' | 'tsx' | 'javascript';

const LANGUAGE_BY_EXTENSION: Record<string, SourceLanguage> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.jsx': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
};

/** The tree-sitter language for a file name, or null for files that are not code. */
export function languageOf(file: string): SourceLanguage | null {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return null;
  // Declaration files describe code that lives elsewhere; they hold no bodies to test.
  if (/\.d\.[mc]?ts$/.test(file)) return null;
  return LANGUAGE_BY_EXTENSION[file.slice(dot).toLowerCase()] ?? null;
}

/** Parses JavaScript, TypeScript and TSX with tree-sitter, one parser per language, reused. */
export class SourceParser {
  private readonly parsers = new Map<SourceLanguage, Parser>();

  parse(text: string, language: SourceLanguage): Parser.Tree {
    // tree-sitter's default buffer measured fastest here (5.6 MB/s on typescript.js against
    // 5.2 MB/s with a buffer the size of the text).
    return this.parserFor(language).parse(text);
  }

  private parserFor(language: SourceLanguage): Parser {
    let parser = this.parsers.get(language);
    if (!parser) {
      parser = new modules.Parser();
      parser.setLanguage(grammarOf(language));
      this.parsers.set(language, parser);
    }
    return parser;
  }
}

function grammarOf(language: SourceLanguage): Parser.Language {
  switch (language) {
    case 'typescript':
      return modules.TypeScript.typescript;
    case 'tsx':
      return modules.TypeScript.tsx;
    case 'javascript':
      return modules.JavaScript;
  }
}

/** How many ERROR and MISSING nodes the tree holds, i.e. where tree-sitter had to recover. */
export function countErrorNodes(tree: Parser.Tree): number {
  if (!tree.rootNode.hasError) return 0;
  let count = 0;
  const cursor = tree.walk();
  let descending = true;
  for (;;) {
    if (descending) {
      const node = cursor.currentNode;
      if (node.type === 'ERROR' || node.isMissing) count += 1;
      if (node.hasError && cursor.gotoFirstChild()) continue;
    }
    if (cursor.gotoNextSibling()) {
      descending = true;
      continue;
    }
    if (!cursor.gotoParent()) return count;
    descending = false;
  }
}
