import type { Mutant, MutantOutcome } from '../../core/mutant';
import type { KilledMutant } from '../../core/verdict';
import type { TestMutation } from '../jest-run';

const DETECTED_BY: Partial<Record<MutantOutcome, KilledMutant['by']>> = {
  killed: 'assertion',
  presence: 'presence',
  crashed: 'error',
  timeout: 'timeout',
  endless: 'timeout',
};

/** The mutants that made this test fail, each with how: any of them turns the test red. */
export function detected(result: TestMutation | undefined): [number, KilledMutant['by']][] {
  return [...(result?.outcomes ?? [])].flatMap(([id, outcome]) => {
    const by = DETECTED_BY[outcome];
    return by ? [[id, by] as [number, KilledMutant['by']]] : [];
  });
}

export function toKilled(m: Mutant, by: KilledMutant['by']): KilledMutant {
  return {
    id: m.id,
    file: m.file,
    line: m.line,
    mutator: m.mutator,
    replacement: m.replacement,
    by,
  };
}

/**
 * Whether a kill shows that the test checks what the code computes, and so earns it a place: a
 * failed assertion that compares with a specific value (or fails on a call the mutant made
 * throw) kills any mutant; a presence check kills any but a coarse one (a whole function
 * emptied), which any check that the function returned something would notice.
 */
export function creditsTest(by: KilledMutant['by'], mutant: Mutant): boolean {
  return by === 'assertion' || (by === 'presence' && !mutant.coarse);
}
