/** A test's identity within one verification: its file, and its name with the describe path. */
export interface TestId {
  file: string;
  name: string;
}

/** Values per test, keyed by file and name: the runner's one way to join results to tests. */
export class TestMap<T> {
  private readonly byFile = new Map<string, Map<string, T>>();

  get(test: TestId): T | undefined {
    return this.byFile.get(test.file)?.get(test.name);
  }

  set(test: TestId, value: T): this {
    let tests = this.byFile.get(test.file);
    if (!tests) this.byFile.set(test.file, (tests = new Map<string, T>()));
    tests.set(test.name, value);
    return this;
  }

  /** The value for a test, made by `create` the first time it is asked for. */
  upsert(test: TestId, create: () => T): T {
    const found = this.get(test);
    if (found !== undefined) return found;
    const made = create();
    this.set(test, made);
    return made;
  }

  /** The values of one file's tests, in the order they were first set. */
  ofFile(file: string): T[] {
    return [...(this.byFile.get(file)?.values() ?? [])];
  }

  *entries(): Generator<[TestId, T]> {
    for (const [file, tests] of this.byFile)
      for (const [name, value] of tests) yield [{ file, name }, value];
  }

  values(): T[] {
    return [...this.byFile.values()].flatMap((tests) => [...tests.values()]);
  }

  get size(): number {
    return this.values().length;
  }
}
