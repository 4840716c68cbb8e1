import type { TestFramework } from './dialects/dialects';

/** How a symbol is reachable from outside its module. */
export type ExportKind = 'named' | 'default' | 'none';

export interface Parameter {
  name: string;
  /** The type annotation as written, or null when there is none. */
  type: string | null;
  optional: boolean;
  /** The default value as written, or null. */
  defaultValue: string | null;
  rest: boolean;
}

export interface JsDocTag {
  name: string | null;
  type: string | null;
  description: string;
}

/** A JSDoc block, split into the parts the pipeline reads. */
export interface JsDoc {
  summary: string;
  params: JsDocTag[];
  returns: JsDocTag | null;
  throws: JsDocTag[];
  /** The code of each @example block, with the line its first code line is on. */
  examples: { text: string; line: number }[];
  /** Line of the comment's first line, 1-based. */
  line: number;
  text: string;
  /** Set when the block is written in another file than the symbol: above a barrel's re-export. */
  file?: string;
}

export type SymbolKind = 'function' | 'class' | 'method';

/** A function, class or method found in the code. */
export interface CodeSymbol {
  /** `file#Name` for functions and classes, `file#Class.method` for methods. */
  id: string;
  name: string;
  kind: SymbolKind;
  /** For a method, the name of its class. */
  className: string | null;
  file: string;
  line: number;
  endLine: number;
  exported: ExportKind;
  /** Files (barrels, index files) that re-export this symbol, with the name they give it. */
  reexports: { file: string; as: string }[];
  signature: string;
  params: Parameter[];
  returnType: string | null;
  async: boolean;
  generator: boolean;
  /** For methods: static, and private or protected when so declared. */
  modifiers: string[];
  jsdoc: JsDoc | null;
}

/**
 * A type a module declares, an interface or a type alias: what a collaborator handed to the
 * code must look like, which a test that mocks the collaborator needs to know.
 */
export interface TypeDeclaration {
  /** `file#Name`. */
  id: string;
  name: string;
  file: string;
  line: number;
  endLine: number;
  exported: boolean;
  /** The declaration's text, with its doc comment. */
  text: string;
}

/** A test file that already exists in the repository. */
export interface ExistingTest {
  file: string;
  framework: TestFramework | 'unknown';
  /** Ids of the repository's symbols that the file imports and uses. */
  symbolIds: string[];
}

/** What tree-sitter made of one source file. */
export interface ParsedFileSummary {
  file: string;
  language: 'typescript' | 'tsx' | 'javascript';
  errorNodes: number;
}
