import { createHash } from 'node:crypto';
import { transformSync, type Options } from '@swc/core';
import type { SourceLanguage } from '../../understand/source-parser';
import type { SyntaxNode } from './mutators/node-mutator';

/**
 * Trivial compiler equivalence (Papadakis et al., ICSE 2015): a mutant whose file compiles,
 * through the same optimising transform, to exactly what the original file compiles to cannot
 * change what the code does, so no test can kill it. The transform is swc's minifier with its
 * compressor and without mangling (mangled names follow the file's letter counts, which any
 * mutant changes). It knows what a hand rule would have to be written for: `typeof x ===
 * 'string'` and `==` compile alike, as do a dead branch and its mutants.
 */
export class CompilerEquivalence {
  /** Each top-level statement's output, by where it starts. */
  private readonly originals = new Map<number, string | null>();

  constructor(
    private readonly source: string,
    private readonly language: SourceLanguage,
  ) {}

  /**
   * Whether `node` replaced by `code` compiles to what the original does. Only the top-level
   * statement that holds the node is compiled, in both forms: a mutant changes nothing outside
   * it, and one statement compiles in a fraction of the time a whole file takes.
   */
  same(node: SyntaxNode, code: string): boolean {
    let top = node;
    while (top.parent && top.parent.type !== 'program') top = top.parent;
    const at = top.startIndex;
    if (!this.originals.has(at))
      this.originals.set(at, this.compile(this.source.slice(at, top.endIndex)));
    const original = this.originals.get(at);
    // Nothing left to compare (a declaration the compiler drops whole) proves nothing.
    if (!original) return false;
    const mutated =
      this.source.slice(at, node.startIndex) +
      code +
      this.source.slice(node.endIndex, top.endIndex);
    return this.compile(mutated) === original;
  }

  /**
   * A digest of the minified output, or null when the text does not compile (then nothing is
   * equivalent). Remembered for the process, by digest (a job's statements can be large):
   * every verification of a job instruments the same files.
   */
  private compile(text: string): string | null {
    const key = digest(`${this.language}\0${text}`);
    const known = COMPILED.get(key);
    if (known !== undefined) return known;
    let output: string | null;
    try {
      output = digest(transformSync(text, optionsFor(this.language)).code);
    } catch {
      output = null;
    }
    if (COMPILED.size >= COMPILED_LIMIT) COMPILED.clear();
    COMPILED.set(key, output);
    return output;
  }
}

/** Compiled texts' outputs, by digest, for the process; dropped whole past the limit. */
const COMPILED = new Map<string, string | null>();
const COMPILED_LIMIT = 200_000;

const digest = (text: string): string => createHash('sha256').update(text).digest('base64');

function optionsFor(language: SourceLanguage): Options {
  const typed = language !== 'javascript';
  return {
    jsc: {
      parser: typed
        ? { syntax: 'typescript', tsx: language === 'tsx', decorators: true }
        : { syntax: 'ecmascript', jsx: true },
      target: 'es2022',
      minify: { compress: true, mangle: false },
    },
    minify: true,
    isModule: 'unknown',
    swcrc: false,
    configFile: false,
  };
}
