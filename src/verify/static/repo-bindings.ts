/**
 * Which imported modules are the repository's own code: a relative specifier, or the package's
 * own name. A test that calls nothing from them checks nothing of the repository.
 */
export type IsRepoModule = (specifier: string) => boolean;

/** Local names bound to the repository's code in a test file, with the module each came from. */
export interface RepoBindings {
  names: Map<string, string>;
}

/** A specifier that reaches the repository's own code: relative, or through the package's own name. */
export function repoModuleMatcher(packageName: string | null): IsRepoModule {
  return (specifier) =>
    specifier.startsWith('.') ||
    (packageName !== null &&
      (specifier === packageName || specifier.startsWith(`${packageName}/`)));
}
