import type Parser from 'tree-sitter';
import { importBindings, requireBindings, requiredModule } from '../../understand/module-bindings';

type Node = Parser.SyntaxNode;

/** Modules that start processes or code outside the test, or open connections. */
const OUTSIDE_MODULES = new Set([
  'child_process',
  'worker_threads',
  'cluster',
  'vm',
  'net',
  'tls',
  'dgram',
  'http2',
  'inspector',
  'inspector/promises',
]);

const FS_MODULES = new Set(['fs', 'fs/promises']);

/** What fs does that changes files: a unit test has no business writing outside its code. */
const FS_WRITES = new Set([
  'write',
  'writeSync',
  'writev',
  'writevSync',
  'mkdir',
  'mkdirSync',
  'mkdtemp',
  'mkdtempSync',
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createWriteStream',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'unlink',
  'unlinkSync',
  'rename',
  'renameSync',
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
  'symlink',
  'symlinkSync',
  'link',
  'linkSync',
  'chmod',
  'chmodSync',
  'chown',
  'chownSync',
  'truncate',
  'truncateSync',
  'utimes',
  'utimesSync',
]);

/** process's ways into Node's internals and native code. */
const PROCESS_INTERNALS = new Set(['binding', '_linkedBinding', 'dlopen']);

/** The runner's globals in a test's realm (protocol.ts runnerGlobals): all named __attest…. */
const RUNNER_GLOBAL = /__attest/;

/** The names of the global object in a test. */
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** What lists an object's own names. */
const LISTINGS = new Set([
  'Object.keys',
  'Object.getOwnPropertyNames',
  'Object.getOwnPropertyDescriptors',
  'Object.entries',
  'Reflect.ownKeys',
]);

const bare = (specifier: string) => specifier.replace(/^node:/, '');

/**
 * What in a test file reaches the runtime around the test rather than the code under test: the
 * modules that start processes or code or open connections, writes through fs, process's
 * internals, the `Function` constructor reached through any object (`Buffer.constructor('return
 * process')()`), and the runner's own globals. Each is a reason a developer can act on; the same
 * for every test of the file, since a module's import serves all of them.
 */
export function runtimeReaches(root: Node): string[] {
  const reasons = new Set<string>();
  const fsNames = new Set<string>();
  for (const { from, local, imported } of moduleBindings(root)) {
    const name = bare(from);
    if (OUTSIDE_MODULES.has(name))
      reasons.add(
        `it imports ${from}, which starts processes or code outside the test, or opens connections: a unit test calls the code under test only.`,
      );
    if (FS_MODULES.has(name)) {
      if (imported === '*' || imported === 'default') fsNames.add(local);
      else if (FS_WRITES.has(imported))
        reasons.add(
          `it imports ${imported} from ${from} to write files: a unit test checks what the code returns, and writes nothing.`,
        );
    }
  }
  for (const call of root.descendantsOfType(['call_expression', 'new_expression'])) {
    const callee = call.childForFieldName(
      call.type === 'call_expression' ? 'function' : 'constructor',
    );
    if (!callee) continue;
    if (callee.type === 'member_expression') {
      const object = callee.childForFieldName('object')?.text ?? '';
      const property = callee.childForFieldName('property')?.text ?? '';
      if (fsNames.has(object) && FS_WRITES.has(property))
        reasons.add(
          `it calls ${object}.${property}, which writes files: a unit test checks what the code returns, and writes nothing.`,
        );
      if (object === 'process' && PROCESS_INTERNALS.has(property))
        reasons.add(`it calls process.${property}, which reaches Node's internals: remove it.`);
      if (property === 'constructor')
        reasons.add(
          `it calls ${callee.text}(…), the Function constructor reached through an object, which runs code built from a string outside the test's scope: remove it.`,
        );
    }
    if (callee.text === 'Function' || callee.text === 'globalThis.Function')
      reasons.add(
        'it builds code from a string with the Function constructor, which runs outside the test’s scope: call the code under test directly.',
      );
  }
  if (searchesGlobals(root))
    reasons.add(
      'it lists the global object’s names or reads a global by a computed name, which is how a test finds the runner’s own globals: use only the globals you name.',
    );
  const named = root
    .descendantsOfType(['identifier', 'property_identifier', 'string_fragment'])
    .find((n) => RUNNER_GLOBAL.test(n.text));
  if (named)
    reasons.add(
      `it names ${named.text}, a global of Attest's runner: a test may not read or change how it is judged.`,
    );
  return [...reasons];
}

/**
 * Whether the file lists the global object's names (`Object.getOwnPropertyNames(globalThis)`,
 * `for (k in globalThis)`) or indexes it by a name it computes (`globalThis[name]`): the ways to
 * reach a global without writing its name, which the static gate could not see.
 */
function searchesGlobals(root: Node): boolean {
  const isGlobal = (node: Node | null | undefined) =>
    !!node && GLOBAL_OBJECTS.has(node.text.replace(/^\((.*) as .*\)$/s, '$1').trim());
  for (const call of root.descendantsOfType('call_expression')) {
    const callee = call.childForFieldName('function')?.text ?? '';
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    if (LISTINGS.has(callee) && isGlobal(first)) return true;
  }
  for (const loop of root.descendantsOfType('for_in_statement'))
    if (isGlobal(loop.childForFieldName('right'))) return true;
  for (const access of root.descendantsOfType('subscript_expression')) {
    const index = access.childForFieldName('index');
    if (isGlobal(access.childForFieldName('object')) && index?.type !== 'string') return true;
  }
  return false;
}

/** Every `import … from 'm'` and `require('m')` of the file, with the names they bind. */
function moduleBindings(root: Node): { from: string; local: string; imported: string }[] {
  const out: { from: string; local: string; imported: string }[] = [];
  for (const node of root.descendantsOfType('import_statement'))
    for (const b of importBindings(node)) out.push(b);
  for (const call of root.descendantsOfType('call_expression')) {
    const from = requiredModule(call);
    if (!from) continue;
    const declarator = call.parent?.type === 'variable_declarator' ? call.parent : null;
    const pattern = declarator?.childForFieldName('name');
    const bound = pattern ? requireBindings(pattern, from) : [];
    // A require whose result is not kept (or is destructured oddly) still loads the module.
    out.push(...(bound.length > 0 ? bound : [{ from, local: '', imported: '*' }]));
  }
  // A dynamic import('m') of a module by its name.
  for (const call of root.descendantsOfType('call_expression')) {
    if (call.childForFieldName('function')?.type !== 'import') continue;
    const arg = call.childForFieldName('arguments')?.namedChildren[0];
    if (arg?.type === 'string') out.push({ from: arg.text.slice(1, -1), local: '', imported: '*' });
  }
  return out;
}
