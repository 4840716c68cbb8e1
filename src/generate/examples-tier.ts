import { NO_USAGE } from '../core/candidate';
import type { Target } from '../core/target';
import { renderExampleTests } from './example-tests';
import type { Draft, Tier } from './tier';

/** Tier 0: the examples the requirements state become assertions; deterministic, zero tokens. */
export class ExamplesTier implements Tier {
  readonly name = 'examples';
  readonly origin = 'examples' as const;
  readonly paid = false;

  unavailable(): null {
    return null;
  }

  draft(target: Target): Promise<Draft> {
    if (target.examples.length === 0)
      return Promise.resolve({
        status: 'nothing',
        reason: 'no requirement states an example of it',
      });
    return Promise.resolve({
      status: 'drafted',
      text: renderExampleTests(target.symbol, target.importLine, target.examples),
      usage: NO_USAGE,
    });
  }
}
