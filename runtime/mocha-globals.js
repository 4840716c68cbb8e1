/* global describe, it, beforeAll, afterAll */
'use strict';
// mocha's global names that Jest lacks (a setupFilesAfterEnv file: Jest's own are defined by then), for a repository whose tests are written for mocha:
// Attest's runner runs them under its own Jest.
globalThis.before ??= beforeAll;
globalThis.after ??= afterAll;
globalThis.context ??= describe;
globalThis.specify ??= it;
