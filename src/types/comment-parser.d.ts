// comment-parser ships types, but its exports map gives `require` no `types` entry, so
// node16 resolution cannot find them. This declares the part Attest uses.
declare module 'comment-parser' {
  export interface SourceLine {
    number: number;
    source: string;
  }
  export interface Tag {
    tag: string;
    name: string;
    type: string;
    optional: boolean;
    description: string;
    source: SourceLine[];
  }
  export interface Block {
    description: string;
    tags: Tag[];
    source: SourceLine[];
  }
  export function parse(source: string, options?: { spacing?: 'compact' | 'preserve' }): Block[];
}
