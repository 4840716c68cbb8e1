import type { Candidate } from '../core/candidate';
import type { Mutant } from '../core/mutant';
import type { ReportSurvivor } from '../core/report';
import type { Target } from '../core/target';
import type { Verdict } from '../core/verdict';
import { keepTests } from '../deliver/keep-tests';
import type { SurvivorNote } from '../generate/prompt';
import type { SurvivorOutcome, SurvivorWork } from '../generate/survivor-rounds';
import { tokenize } from '../index/tokenize';

/**
 * Each tried mutant of the targets' code, with the one target it belongs to: the target whose
 * code range around it is the narrowest, so that a private helper that several exports reach
 * is asked of one of them only.
 */
export function mutantsByTarget(targets: Target[], mutants: Mutant[]): Map<string, Mutant[]> {
  const owned = new Map<string, Mutant[]>(targets.map((t) => [t.id, []]));
  for (const m of mutants) {
    if (!m.inFunction) continue;
    let best: { id: string; size: number } | null = null;
    for (const t of targets) {
      if (t.symbol.file !== m.file) continue;
      for (const r of t.codeLines) {
        const size = r.endLine - r.line;
        if (m.line >= r.line && m.line <= r.endLine && (!best || size < best.size))
          best = { id: t.id, size };
      }
    }
    if (best) owned.get(best.id)!.push(m);
  }
  return owned;
}

/** The ids of the mutants that any of these tests kills, in any way, and those the suite kills. */
export function killedBy(verdicts: Verdict[], suiteKilled: readonly number[]): Set<number> {
  return new Set([
    ...suiteKilled,
    ...verdicts
      .filter((v) => v.status === 'accepted')
      .flatMap((v) => v.killedMutants.map((k) => k.id)),
  ]);
}

/**
 * What the survivor rounds start from: for each target, the mutants of its code that no accepted
 * test and no test of the repository kills, each with its line and the requirement that governs
 * it, and the target's accepted tests so far.
 */
export function survivorWork(
  targets: Target[],
  mutants: Mutant[],
  candidates: Candidate[],
  verdicts: Verdict[],
  suiteKilled: readonly number[],
  sources: ReadonlyMap<string, string>,
): SurvivorWork[] {
  const killed = killedBy(verdicts, suiteKilled);
  const owned = mutantsByTarget(targets, mutants);
  return targets.map((target) => ({
    target,
    survivors: owned
      .get(target.id)!
      .filter((m) => !killed.has(m.id))
      .map((m) => noteOf(m, target, sources.get(m.file) ?? '')),
    accepted: acceptedFiles(target, candidates, verdicts),
  }));
}

function noteOf(m: Mutant, target: Target, source: string): SurvivorNote {
  const code = (source.split('\n')[m.line - 1] ?? '').trim();
  return {
    id: m.id,
    line: m.line,
    code,
    original: m.original,
    replacement: m.replacement,
    requirementId: governingRequirement(target, `${code} ${m.original}`),
  };
}

/**
 * The target's requirement that shares the most words with the line, the better-ranked on a
 * tie; none when no requirement shares a word beyond the target's own name.
 */
export function governingRequirement(target: Target, line: string): string | null {
  const own = new Set(tokenize(target.symbol.name));
  const words = new Set(tokenize(line).filter((w) => !own.has(w)));
  let best: { id: string; score: number } | null = null;
  for (const { requirement } of target.requirements) {
    const score = new Set(tokenize(requirement.text).filter((w) => words.has(w))).size;
    if (score > 0 && (!best || score > best.score)) best = { id: requirement.id, score };
  }
  return best?.id ?? null;
}

function acceptedFiles(target: Target, candidates: Candidate[], verdicts: Verdict[]): string[] {
  return candidates
    .filter((c) => c.targetId === target.id)
    .flatMap((c) => {
      const names = new Set(
        verdicts
          .filter((v) => v.candidateId === c.id && v.status === 'accepted')
          .map((v) => v.name),
      );
      const text = names.size ? keepTests(c.text, c.file, names) : null;
      return text ? [text] : [];
    });
}

/**
 * The mutants of the targets' code that no kept test and no test of the repository kills, for
 * report.md's "Survivors": possibly equivalent when kept tests run its code and the survivor
 * rounds that ran for its target killed it in none (whether they named it, or stopped at the
 * budget or --max-rounds first: the why says which); untested behaviour when no kept test
 * runs its code, or when no survivor round ran (no model) to look for a test that notices it.
 * The compiler already took out the mutants it can prove equivalent (compiler-equivalence.ts).
 */
export function reportSurvivors(
  targets: Target[],
  mutants: Mutant[],
  selected: Verdict[],
  suiteKilled: readonly number[],
  outcomes: SurvivorOutcome[],
): ReportSurvivor[] {
  const killed = killedBy(selected, suiteKilled);
  const reached = new Set(selected.flatMap((v) => v.reachedMutants));
  const outcomeOf = new Map(outcomes.map((o) => [o.targetId, o]));
  return [...mutantsByTarget(targets, mutants)].flatMap(([targetId, owned]) =>
    owned
      .filter((m) => !killed.has(m.id))
      .map((m): ReportSurvivor => {
        const outcome = outcomeOf.get(targetId);
        const base = {
          id: m.id,
          target: targetId,
          file: m.file,
          line: m.line,
          mutator: m.mutator,
          original: m.original,
          replacement: m.replacement,
        };
        if (!reached.has(m.id))
          return { ...base, mark: 'untested', why: 'no kept test runs this code.' };
        if (!outcome)
          return {
            ...base,
            mark: 'untested',
            why: `kept tests run this code, but none notices the change: ${stopWords(outcome)}`,
          };
        return {
          ...base,
          mark: 'possibly-equivalent',
          why: outcome.tried.includes(m.id)
            ? 'kept tests run this code, and a survivor round that named it at every model tier killed nothing.'
            : `kept tests run this code, and no survivor round killed it: ${stopWords(outcome)}`,
        };
      }),
  );
}

function stopWords(outcome: SurvivorOutcome | undefined): string {
  switch (outcome?.stop) {
    case undefined:
      return 'no survivor round asked a model for it (no model configured, or --max-rounds 0).';
    case 'budget':
      return 'the survivor rounds stopped at the budget.';
    case 'max-rounds':
      return `the survivor rounds stopped at --max-rounds (${outcome.rounds}).`;
    case 'no-tier':
      return 'no model tier could be reached.';
    case 'nothing-new':
    case 'all-killed':
      return 'the survivor rounds did not name it (it survived a test accepted since).';
  }
}
