import { NO_USAGE } from '../core/candidate';
import type { Target } from '../core/target';
import { renderable, renderExampleTests } from './example-tests';
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
    if (renderable(target.examples, target.dialect).length === 0)
      return Promise.resolve({
        status: 'nothing',
        reason: 'no requirement states an example of it that its test framework can run',
      });
    return Promise.resolve({
      status: 'drafted',
      text: renderExampleTests(target.symbol, target.importLine, target.examples, target.dialect),
      usage: NO_USAGE,
    });
  }
}
