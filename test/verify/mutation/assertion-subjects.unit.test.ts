import vm from 'node:vm';
import { SourceParser } from '../../../src/understand/source-parser';
import { markSubjects } from '../../../src/verify/mutation/assertion-subjects';
import { MutantSwitch } from '../../../src/verify/mutation/mutant-switch';
import { switchGlobal } from '../../../src/verify/mutation/protocol';

const parser = new SourceParser();
const NONCE = 'n0';

describe(markSubjects.name, () => {
  it("routes expect's subject and every argument of assert through the probe, and nothing else", () => {
    const text = [
      "import { f } from './f';",
      "it('a', () => {",
      '  const x = f(0);',
      '  expect(f(1)).toBe(f(2));',
      "  assert.strictEqual(f(3), 4, 'four');",
      '  expect(() => f(-1)).toThrow(RangeError);',
      '  expect.soft({ a: f(5) }).toEqual({ a: 10 });',
      '});',
    ].join('\n');
    const marked = markSubjects(text, 'typescript', parser, NONCE);
    const lines = marked.split('\n');
    expect(lines.slice(0, 8)).toEqual([
      "import { f } from './f';",
      "it('a', () => {",
      '  const x = f(0);',
      '  expect(__attestn0Subject(() => (f(1)))).toBe(f(2));',
      "  assert.strictEqual(__attestn0Subject(() => (f(3))), __attestn0Subject(() => (4)), __attestn0Subject(() => ('four')));",
      '  expect(__attestn0Subject(() => (() => f(-1)))).toThrow(RangeError);',
      '  expect.soft(__attestn0Subject(() => ({ a: f(5) }))).toEqual({ a: 10 });',
      '});',
    ]);
  });

  it('awaits a subject that awaits, and leaves one that yields as it is', () => {
    const text = [
      "it('a', async () => {",
      '  expect(await g()).toBe(1);',
      '  function* gen() { expect(yield 1).toBe(2); }',
      '});',
    ].join('\n');
    const lines = markSubjects(text, 'javascript', parser, NONCE).split('\n');
    expect(lines[1]).toBe(
      '  expect((await __attestn0SubjectAsync(async () => (await g())))).toBe(1);',
    );
    expect(lines[2]).toBe('  function* gen() { expect(yield 1).toBe(2); }');
  });

  it('leaves a file with no assertion untouched', () => {
    const text = "it('runs', () => { f(1); });\n";
    expect(markSubjects(text, 'javascript', parser, NONCE)).toBe(text);
  });

  it('tells the switch which error a subject threw, and computes the same values as before', async () => {
    const sw = new MutantSwitch(() => true);
    const seen: unknown[] = [];
    const boom = new Error('boom');
    const script = markSubjects(
      [
        'seen.push(expect(2 + 3));',
        'try { expect(explode()); } catch (e) { seen.push(e); }',
        'try { explode(); } catch (e) { seen.push(e); }',
        'async function later() { return expect(await Promise.reject(boom)); }',
      ].join('\n'),
      'javascript',
      parser,
      NONCE,
    );
    const context = vm.createContext({
      seen,
      boom,
      expect: (value: unknown) => value,
      explode: () => {
        throw boom;
      },
      [switchGlobal(NONCE)]: sw.probes,
    });
    vm.runInContext(script, context);
    expect(seen).toEqual([5, boom, boom]);
    expect(sw.takeSubjectError()).toEqual({ error: boom });
    // Read once; a throw outside any subject is not remembered.
    vm.runInContext('try { explode(); } catch (e) {}', context);
    expect(sw.takeSubjectError()).toBeNull();
    await expect(vm.runInContext('later()', context)).rejects.toBe(boom);
    expect(sw.takeSubjectError()).toEqual({ error: boom });
  });

  it('runs the subject as written where no switch is installed', () => {
    const script = markSubjects('result = expect(6 * 7);', 'javascript', parser, NONCE);
    const context = vm.createContext({ expect: (value: unknown) => value, result: 0 });
    vm.runInContext(script, context);
    expect(context.result).toBe(42);
  });
});
