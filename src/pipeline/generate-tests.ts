import type { ConfiguredModel } from '../core/attest-config';
import type { Target } from '../core/target';
import { dialectOf, MOCK_NAMESPACES } from '../core/dialects/dialects';
import { TestMap } from '../core/test-map';
import type { Verdict } from '../core/verdict';
import { Budget } from '../generate/budget';
import type { ChatModel } from '../generate/chat-model';
import { CheapestFirstRouter, type RouteResult } from '../generate/cheapest-first-router';
import { keepTests } from '../deliver/keep-tests';
import { ExamplesTier } from '../generate/examples-tier';
import { ModelTier } from '../generate/model-tier';
import { OpenAIChatModel } from '../generate/openai-chat-model';
import type { StyleExample } from '../generate/prompt';
import { SurvivorRounds, type SurvivorOutcome } from '../generate/survivor-rounds';
import type { Tier } from '../generate/tier';
import type { Understanding } from '../understand/understand-repo';
import { findConflicts, markEchoes, withDisputes, type FoundConflict } from './find-conflicts';
import type { JobJudge } from './judge';
import type { ProgressListener } from './progress';
import { selectTests } from './select-tests';
import { survivorWork } from './survivors';

/** What the router may use: the models, the money and the number of repair rounds. */
export interface GenerationOptions {
  models: ConfiguredModel[];
  budgetUsd: number;
  targetBudgetUsd: number;
  repairRounds: number;
  /** Survivor rounds after the first pass: the models are asked to kill the mutants left alive. */
  maxRounds: number;
  /** The edge to a model; the real one is LangChain's ChatOpenAI. */
  chatModelFor?: (model: ConfiguredModel) => ChatModel;
}

export interface GeneratedTests {
  routed: RouteResult;
  /** How each target's survivor rounds ended; empty when none ran. */
  survivorOutcomes: SurvivorOutcome[];
  conflicts: FoundConflict[];
  selected: Verdict[];
}

/**
 * Generate, verify and select. Tier 0 runs first and its conflicts are found at once: a target's
 * example that the code contradicts is then disputed for the model tiers, which are told not to
 * test it and never see the code's value for it; a model test that asserts that value anyway is
 * reported beside the conflict instead of delivered.
 */
export async function generateTests(
  targets: Target[],
  understanding: Understanding,
  judge: JobJudge,
  options: GenerationOptions,
  progress: ProgressListener,
): Promise<GeneratedTests> {
  const known = new Set(understanding.requirements.map((r) => r.id));
  const budget = new Budget(options.budgetUsd, options.targetBudgetUsd);
  const route = (tiers: Tier[], some: Target[]) =>
    new CheapestFirstRouter(tiers, (candidates) => judge.judge(candidates), budget, known, {
      repairRounds: options.repairRounds,
      onRound: (tier, round, count) =>
        progress({
          type: 'round',
          stage: 'generate',
          message: `${tier.origin}${round ? ` repair round ${round}` : ''}: ${count} targets`,
          tier: tier.origin,
          round,
          targets: count,
          spentUsd: budget.spent,
        }),
    }).route(some);
  const examples = await route([new ExamplesTier()], targets);
  const conflicts = await findConflicts(
    targets,
    examples.candidates,
    examples.verdicts,
    judge,
    known,
  );
  for (const c of conflicts)
    progress({
      type: 'conflict',
      stage: 'generate',
      message: `conflict: ${c.call} is ${c.actual}, the docs say ${c.expected} (${c.requirementId})`,
      target: c.target,
      requirement: c.requirementId,
      call: c.call,
      documented: c.expected,
      actual: c.actual,
      differences: c.differences ?? [],
    });
  const covered = new Set(
    examples.verdicts.filter((v) => v.status === 'accepted').map((v) => v.target),
  );
  const models = modelTiers(options, understanding);
  const disputed = withDisputes(targets, conflicts);
  const rest = disputed.filter((t) => !covered.has(t.id));
  let routed =
    models.length > 0 && rest.length > 0 ? merge(examples, await route(models, rest)) : examples;
  let survivorOutcomes: SurvivorOutcome[] = [];
  if (models.length > 0 && options.maxRounds > 0) {
    // A model test that echoes a disputed value is not delivered: what it kills still survives.
    routed.verdicts = markEchoes(conflicts, routed.candidates, routed.verdicts);
    const rounds = await new SurvivorRounds(
      models,
      (candidates) => judge.judge(candidates),
      budget,
      known,
      {
        maxRounds: options.maxRounds,
        keep: (text, file, names) => keepTests(text, file, names),
        onRound: (tier, round, count) =>
          progress({
            type: 'round',
            stage: 'generate',
            message: `survivor round ${round} at ${tier.origin}: ${count} targets`,
            tier: tier.origin,
            round,
            targets: count,
            spentUsd: budget.spent,
          }),
      },
    ).run(
      survivorWork(
        disputed,
        judge.mutants(),
        routed.candidates,
        routed.verdicts,
        judge.suite()?.killed ?? [],
        understanding.sources,
      ),
    );
    routed = merge(routed, rounds);
    survivorOutcomes = rounds.outcomes;
  }
  const conflicting = new TestMap<true>();
  for (const c of conflicts) conflicting.set(c.test, true);
  // A tier-0 test that the code contradicts is not a rejected test: it is a conflict.
  routed.verdicts = markEchoes(
    conflicts,
    routed.candidates,
    routed.verdicts.map((v) =>
      v.status === 'rejected' && conflicting.get(v) ? { ...v, status: 'conflict' } : v,
    ),
  );
  const selected = selectTests(routed.verdicts);
  const accepted = routed.verdicts.filter((v) => v.status === 'accepted').length;
  progress({
    type: 'progress',
    stage: 'select',
    message: `${selected.length} of ${accepted} accepted tests kept`,
  });
  return { routed, conflicts, selected, survivorOutcomes };
}

function merge(first: RouteResult, second: RouteResult): RouteResult {
  return {
    candidates: [...first.candidates, ...second.candidates],
    verdicts: [...first.verdicts, ...second.verdicts],
    calls: [...first.calls, ...second.calls],
    skipped: [...first.skipped, ...second.skipped].filter(
      (t, i, all) => all.findIndex((o) => o.targetId === t.targetId) === i,
    ),
    unavailableTiers: [...first.unavailableTiers, ...second.unavailableTiers].filter(
      (t, i, all) => all.findIndex((o) => o.origin === t.origin) === i,
    ),
  };
}

function modelTiers(options: GenerationOptions, understanding: Understanding): Tier[] {
  const chat = options.chatModelFor ?? ((m: ConfiguredModel) => new OpenAIChatModel(m));
  const style = styleExamples(understanding);
  return options.models.map((m) => new ModelTier(m, chat(m), style));
}

/** `jest.fn(` or `vi.fn(`: a mock function made with a dialect's mocking API. */
const MOCK_FUNCTION = new RegExp(`\\b(?:${MOCK_NAMESPACES.join('|')})\\.fn\\(`);

/**
 * One or two of the repository's own tests, cut to a readable length: those of the target
 * first and, for a target with collaborators, one that mocks collaborators as it should.
 */
function styleExamples(understanding: Understanding): (target: Target) => StyleExample[] {
  const mocks = (t: { file: string }) =>
    MOCK_FUNCTION.test(understanding.sources.get(t.file) ?? '');
  return (target) => {
    // The repository's tests written for the target's framework, or of no telling framework.
    const own = understanding.tests.filter(
      (t) => t.framework === dialectOf(target.dialect).framework || t.framework === 'unknown',
    );
    return [
      ...own.filter((t) => t.symbolIds.includes(target.id)),
      ...(target.collaborators.length > 0 ? own.filter(mocks) : []),
      ...own,
    ]
      .filter((t, i, all) => all.indexOf(t) === i)
      .slice(0, 2)
      .map((t) => ({
        file: t.file,
        text: (understanding.sources.get(t.file) ?? '').split('\n').slice(0, 60).join('\n'),
      }));
  };
}
