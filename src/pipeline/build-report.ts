import type { Candidate, Usage } from '../core/candidate';
import { NO_USAGE, addUsage } from '../core/candidate';
import type { Origin } from '../core/origin';
import { tally, type Report, type ReportTest } from '../core/report';
import { inTargetCode, type Target } from '../core/target';
import { GATES, type Gate, type Verdict } from '../core/verdict';
import type { ModelCall } from '../core/candidate';
import type { FilteredMutant, Mutant, StatementCoverage } from '../core/mutant';
import type { SurvivorOutcome } from '../generate/survivor-rounds';
import { TestMap } from '../core/test-map';
import type { SuiteStatus } from '../core/verification';
import type { FoundConflict } from './find-conflicts';
import { roundCosts } from './round-costs';
import { reportSurvivors } from './survivors';

export interface ReportInput {
  source: string;
  commit: string;
  targets: Target[];
  candidates: Candidate[];
  verdicts: Verdict[];
  selected: Verdict[];
  conflicts: FoundConflict[];
  calls: ModelCall[];
  mutants: Mutant[];
  /** Mutants never made, being equivalent by construction. */
  filteredMutants: FilteredMutant[];
  /** How each target's survivor rounds ended; empty when none ran. */
  survivorOutcomes: SurvivorOutcome[];
  /** The statements that the selected tests execute. */
  coverage: StatementCoverage;
  skipped: Report['skipped'];
  unavailableTiers: Report['unavailableTiers'];
  changes: Report['changes'];
  delivery: Report['delivery'];
  dependencies: Report['dependencies'];
  suite: SuiteStatus | null;
  containment: Report['containment'];
  deliveryCheck: Report['deliveryCheck'];
  testDir: string;
  durationMs: number;
  examples: Report['examples'];
}

/** Report: the record of DESIGN.md, built from the job's records alone. */
export function buildReport(input: ReportInput): Report {
  const selected = new TestMap<true>();
  for (const v of input.selected) selected.set(v, true);
  const byId = new Map(input.candidates.map((c) => [c.id, c]));
  const tests = input.verdicts.map((v): ReportTest => {
    const candidate = byId.get(v.candidateId);
    if (!candidate)
      throw new Error(`the verdict on ${v.file} > ${v.name} names no candidate of the job`);
    return {
      ...v,
      requirementIds: candidate.tests.find((t) => t.name === v.name)?.requirementIds ?? [],
      selected: selected.get(v) === true,
    };
  });
  const usage = input.calls.reduce((u, c) => addUsage(u, c.usage), NO_USAGE);
  const accepted = tests.filter((t) => t.status === 'accepted').length;
  const tokens = usage.inputTokens + usage.outputTokens;
  const score = mutationScore(input.mutants, input.selected, input.targets);
  const withExamples = input.targets.filter((t) => t.examples.length > 0);
  const stated = {
    ...mutationScore(input.mutants, input.selected, withExamples),
    ...statementCoverage(input.coverage, withExamples),
  };
  const covered = statementCoverage(input.coverage, input.targets);
  return {
    repo: { source: input.source, commit: input.commit },
    testDir: input.testDir,
    examples: input.examples,
    targets: input.targets.map((t) => ({
      id: t.id,
      name: t.label,
      file: t.symbol.file,
      line: t.symbol.line,
      requirementIds: t.requirements.map((g) => g.requirement.id),
      examples: t.examples.length,
      selectedTests: tests.filter((x) => x.target === t.id && x.selected).length,
      ...mutationScore(input.mutants, input.selected, [t]),
      ...statementCoverage(input.coverage, [t]),
    })),
    requirements: governing(input.targets),
    tests,
    conflicts: input.conflicts.map(({ test: _t, targetId: _id, ...c }) => c),
    totals: {
      candidates: tests.length,
      accepted,
      selected: selected.size,
      rejected: tests.filter((t) => t.status === 'rejected').length,
      conflicts: input.conflicts.length,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: usage.costUsd,
      acceptedPer1kTokens: tokens > 0 ? accepted / (tokens / 1000) : null,
      mutants: score.mutants,
      mutantsKilled: score.killed,
      mutationScore: score.mutants > 0 ? score.killed / score.mutants : null,
      examples: {
        mutants: stated.mutants,
        mutantsKilled: stated.killed,
        statements: stated.statements,
        statementsCovered: stated.statementsCovered,
      },
      statements: covered.statements,
      statementsCovered: covered.statementsCovered,
      statementCoverage:
        covered.statements > 0 ? covered.statementsCovered / covered.statements : null,
      verdictsReused: tests.filter((t) => t.reused).length,
      durationMs: input.durationMs,
    },
    rounds: roundCosts(input.candidates, input.verdicts, input.calls, input.mutants, input.targets),
    survivors: reportSurvivors(
      input.targets,
      input.mutants,
      input.selected,
      input.suite?.killed ?? [],
      input.survivorOutcomes,
    ),
    survivorRounds: input.survivorOutcomes,
    mutantsFiltered: filteredByRule(input.filteredMutants, input.targets),
    byOrigin: byOrigin(tests, input.calls),
    funnel: funnel(input.verdicts),
    calls: input.calls,
    changes: input.changes,
    skipped: input.skipped,
    unavailableTiers: input.unavailableTiers,
    delivery: input.delivery,
    dependencies: input.dependencies,
    suite: input.suite && suiteScore(input.suite, input.mutants, input.targets),
    containment: input.containment,
    deliveryCheck: input.deliveryCheck,
  };
}

/** The selected tests' kills among the mutants in the targets' code (module data is never tried). */
export function mutationScore(
  mutants: Mutant[],
  selected: Verdict[],
  targets: Target[],
): { mutants: number; killed: number } {
  return killedInTargets(
    mutants,
    selected.flatMap((v) => v.killedMutants.map((k) => k.id)),
    targets,
  );
}

function killedInTargets(
  mutants: Mutant[],
  ids: Iterable<number>,
  targets: Target[],
): { mutants: number; killed: number } {
  const inside = mutants.filter((m) => m.inFunction && inTargetCode(targets, m.file, m.line));
  const killed = new Set(ids);
  return { mutants: inside.length, killed: inside.filter((m) => killed.has(m.id)).length };
}

/** The mutants not made in the targets' code, counted by rule, most first. */
function filteredByRule(filtered: FilteredMutant[], targets: Target[]): Report['mutantsFiltered'] {
  const rules = filtered.filter((f) => inTargetCode(targets, f.file, f.line)).map((f) => f.rule);
  return tally(rules).map(([rule, count]) => ({ rule, count }));
}

/** The repository's suite on the same mutants as the kept tests. */
function suiteScore(
  { killed, ...suite }: SuiteStatus,
  mutants: Mutant[],
  targets: Target[],
): NonNullable<Report['suite']> {
  const score = killedInTargets(mutants, killed, targets);
  return { ...suite, mutants: score.mutants, mutantsKilled: score.killed };
}

/** The statements in the targets' code, and how many the selected tests execute. */
export function statementCoverage(
  coverage: StatementCoverage,
  targets: Target[],
): { statements: number; statementsCovered: number } {
  const inside = [...coverage].flatMap(([file, statements]) =>
    statements.filter((s) => inTargetCode(targets, file, s.line)),
  );
  return { statements: inside.length, statementsCovered: inside.filter((s) => s.covered).length };
}

function governing(targets: Target[]): Report['requirements'] {
  const seen = new Map<string, Report['requirements'][number]>();
  for (const { requirement: r } of targets.flatMap((t) => t.requirements)) {
    if (!seen.has(r.id))
      seen.set(r.id, { id: r.id, source: r.source, file: r.file, line: r.line, text: r.text });
  }
  return [...seen.values()];
}

function byOrigin(tests: ReportTest[], calls: ModelCall[]): Report['byOrigin'] {
  const origins: Origin[] = [
    ...new Set<Origin>([...tests.map((t) => t.origin), ...calls.map((c) => c.origin)]),
  ];
  return origins.map((origin) => {
    const usage: Usage = calls
      .filter((c) => c.origin === origin)
      .reduce((u, c) => addUsage(u, c.usage), NO_USAGE);
    const own = tests.filter((t) => t.origin === origin);
    return {
      origin,
      calls: calls.filter((c) => c.origin === origin).length,
      candidates: own.length,
      accepted: own.filter((t) => t.status === 'accepted').length,
      tokens: usage.inputTokens + usage.outputTokens,
      costUsd: usage.costUsd,
    };
  });
}

/** How many tests got past each stage of the gate: a test rejected by a gate stopped there. */
function funnel(verdicts: Verdict[]): Report['funnel'] {
  const past = (gates: Gate[]) =>
    verdicts.filter((v) => v.status === 'accepted' || !gates.includes(v.gate)).length;
  const upTo = (gate: Gate) => GATES.slice(0, GATES.indexOf(gate) + 1);
  return {
    generated: verdicts.length,
    compiled: past(upTo('compile')),
    passed: past(upTo('pass')),
    stable: past(upTo('stable')),
    nonHollow: past(upTo('mutation')),
    added: past(upTo('added-value')),
  };
}
