// The runner's own realm, in the test process: Jest, its reporter and the verdict channel run
// here, and a test reaches it by a core module's prototype chain
// (`Object.getPrototypeOf(require('os'))` is this realm's Object.prototype). Once Attest's parts
// are loaded, and before any test file, its shared intrinsics are frozen, so that a test cannot
// plant a `toJSON`, replace `Array.prototype.map` under the reporter, or turn the stack-trace
// hooks that the mutant switch reads into accessors. The test's own realm is left as it was.

/** Prototypes and namespaces that the reporter, the channel and Jest's results pass through. */
const FROZEN: object[] = [
  Array.prototype,
  Function.prototype,
  String.prototype,
  Number.prototype,
  Boolean.prototype,
  Symbol.prototype,
  RegExp.prototype,
  Date.prototype,
  Map.prototype,
  Set.prototype,
  WeakMap.prototype,
  WeakSet.prototype,
  Promise.prototype,
  Object,
  Array,
  JSON,
  Reflect,
  Math,
  Object.getPrototypeOf(Uint8Array.prototype) as object,
];

/**
 * Error itself stays writable (Jest and the switch set `prepareStackTrace`), but its two hooks
 * become plain, non-configurable values: a test can assign them, never make them accessors.
 */
function lockStackHooks(): void {
  for (const name of ['prepareStackTrace', 'stackTraceLimit']) {
    const found = Object.getOwnPropertyDescriptor(Error, name);
    if (found && !('value' in found)) continue;
    Object.defineProperty(Error, name, {
      value: found?.value as unknown,
      writable: true,
      enumerable: found?.enumerable ?? false,
      configurable: false,
    });
  }
  Object.freeze(Object.getOwnPropertyDescriptor(Error, 'captureStackTrace')?.value);
}

let hardened = false;

/** Freezes the runner realm's shared intrinsics; once per process. */
export function hardenRunnerRealm(): void {
  if (hardened) return;
  hardened = true;
  lockStackHooks();
  // HACK: Object.prototype is sealed, not frozen: Jest's error handling assigns over a method it
  // inherits from it (the "override mistake" of frozen prototypes), and a frozen one made every
  // run with a file that cannot load end without results. Sealed, nothing can be added to it
  // (a `toJSON`, an accessor); its own methods stay writable.
  Object.seal(Object.prototype);
  for (const target of FROZEN) Object.freeze(target);
}
