import type { Report } from '../core/report';
import type { Requirement } from '../core/requirement';
import type { Target } from '../core/target';
import { renderable } from '../generate/example-tests';

/**
 * Every call that the docs show with a result, accounted for: how many there are, how many
 * distinct tests they make (the same call with the same result in a README and its
 * translations is one), and each one no test states, with why: a result that could not be
 * read, a function that is not the repository's or not a target of the job, a result printed
 * as a string for code not typed to return one.
 */
export function exampleAccount(requirements: Requirement[], targets: Target[]): Report['examples'] {
  const targetIds = new Set(targets.map((t) => t.id));
  const skipped: Report['examples']['skipped'] = [];
  let found = 0;
  for (const requirement of requirements) {
    for (const s of requirement.skippedExamples ?? []) {
      found += 1;
      skipped.push({ file: requirement.file, line: s.line, call: s.call, reason: s.reason });
    }
    for (const example of requirement.examples) {
      found += 1;
      const at = { file: requirement.file, line: example.line, call: example.call };
      if (example.symbolId === null)
        skipped.push({
          ...at,
          reason: `not ours: ${example.callee} is no function of this repository`,
        });
      else if (!targetIds.has(example.symbolId))
        skipped.push({
          ...at,
          reason: `not ours: ${example.symbolId} is not a target of this job`,
        });
    }
  }
  let distinct = 0;
  for (const target of targets) {
    for (const s of target.skippedExamples)
      skipped.push({ file: s.file, line: s.line, call: s.call, reason: s.reason });
    const stated = renderable(target.examples, target.dialect);
    distinct += stated.length;
    for (const left of target.examples.filter((g) => !stated.includes(g)))
      skipped.push({
        file: left.requirement.file,
        line: left.example.line,
        call: left.example.call,
        reason: `changes the module's state: only Jest gives each test a fresh copy, so the models test it in ${target.dialect}`,
      });
  }
  return { found, distinct, skipped };
}
