/**
 * The kinds of failure a user can act on. The service maps `input` to 4xx and the
 * rest to 5xx; the CLI prints the message and exits non-zero.
 */
export type AttestErrorKind = 'input' | 'not-found' | 'config' | 'environment';

/** A failure whose message says what went wrong and how to fix it. */
export class AttestError extends Error {
  constructor(
    message: string,
    readonly kind: AttestErrorKind,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The repository path or URL cannot be read as a repository. */
export class RepoNotFoundError extends AttestError {
  constructor(message: string) {
    super(message, 'not-found');
  }
}

/** The repository exists but is not usable (empty, not a folder, unknown ref). */
export class InvalidRepoError extends AttestError {
  constructor(message: string) {
    super(message, 'input');
  }
}

/** A setting is missing or malformed. */
export class ConfigError extends AttestError {
  constructor(message: string) {
    super(message, 'config');
  }
}

/** Something outside Attest failed: an embedding endpoint, a git binary. */
export class ExternalServiceError extends AttestError {
  constructor(message: string) {
    super(message, 'environment');
  }
}
