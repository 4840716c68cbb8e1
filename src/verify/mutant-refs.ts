import type { Mutant } from '../core/mutant';

/**
 * A mutant by its file and its place among that file's mutants. Ids are numbered across all the
 * code, so they shift when another file changes; a file's own mutants, of the same text, are the
 * same in every verification. Cached results name mutants this way.
 */
export type MutantRef = [file: string, index: number];

/** One verification's mutants, by id and by ref. */
export class MutantRefs {
  private readonly refs = new Map<number, MutantRef>();
  private readonly ids = new Map<string, Mutant>();

  constructor(mutants: readonly Mutant[]) {
    const first = new Map<string, number>();
    for (const m of mutants) {
      if (!first.has(m.file)) first.set(m.file, m.id);
      const ref: MutantRef = [m.file, m.id - first.get(m.file)!];
      this.refs.set(m.id, ref);
      this.ids.set(key(ref), m);
    }
  }

  /** Whether every id is one of these mutants (a forged record names others). */
  knows(ids: Iterable<number>): boolean {
    for (const id of ids) if (!this.refs.has(id)) return false;
    return true;
  }

  ref(id: number): MutantRef {
    const ref = this.refs.get(id);
    if (!ref) throw new UnknownMutant();
    return ref;
  }

  /** The mutant a ref names in this verification; UnknownMutant when the entry is stale. */
  mutant(ref: MutantRef): Mutant {
    const mutant = this.ids.get(key(ref));
    if (!mutant) throw new UnknownMutant();
    return mutant;
  }

  id(ref: MutantRef): number {
    return this.mutant(ref).id;
  }
}

/** A cached result names a mutant this verification does not have: the entry does not apply. */
export class UnknownMutant extends Error {}

const key = ([file, index]: MutantRef) => `${file}\u0000${index}`;
