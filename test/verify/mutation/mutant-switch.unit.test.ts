import vm from 'node:vm';
import { MutantSwitch } from '../../../src/verify/mutation/mutant-switch';

const CODE = '/repo/src/code.js';

/** Calls a probe from a script whose file is `file`, as instrumented code calls it. */
function askFrom(sw: MutantSwitch, file: string, id: number): boolean {
  const context = vm.createContext({ probes: sw.probes, id });
  return vm.runInContext('probes.mutant(id)', context, { filename: file }) as boolean;
}

describe(MutantSwitch.name, () => {
  it('tells the instrumented code which mutant is on, and nobody else', () => {
    const sw = new MutantSwitch((file) => file === CODE);
    sw.on(3, 0);
    expect(askFrom(sw, CODE, 3)).toBe(true);
    expect(askFrom(sw, CODE, 4)).toBe(false);
    expect(sw.takeAsked()).toBe(false);
    expect(askFrom(sw, '/repo/test/code.test.js', 3)).toBe(false);
    expect(sw.probes.data(3)).toBe(false);
    expect(sw.takeAsked()).toBe(true);
    // Read once: the next replay starts clean.
    expect(sw.takeAsked()).toBe(false);
  });

  it('records what the code reached, afresh on demand', () => {
    const sw = new MutantSwitch(() => true);
    askFrom(sw, CODE, 5);
    askFrom(sw, CODE, 2);
    expect(sw.reachedIds()).toEqual([2, 5]);
    sw.startReaching();
    expect(sw.reachedIds()).toEqual([]);
  });

  it('gives its probes frozen, so a test cannot replace them', () => {
    const sw = new MutantSwitch(() => true);
    expect(Object.isFrozen(sw.probes)).toBe(true);
  });
});
