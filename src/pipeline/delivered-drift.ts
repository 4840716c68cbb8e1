import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NO_USAGE, type Candidate } from '../core/candidate';
import type { ReportDeliveredTest } from '../core/report';
import type { RepoSnapshot } from '../core/repo-snapshot';
import type { Requirement } from '../core/requirement';
import type { Target } from '../core/target';
import { citedTests } from '../generate/cited-tests';
import { testStem, type Plan } from '../plan/plan-targets';
import { BESIDE_THE_CODE } from '../plan/test-folder';
import { languageOf } from '../understand/source-parser';
import type { Understanding } from '../understand/understand-repo';
import { ASSERTION_FAILED, actualFrom, type FoundConflict } from './find-conflicts';
import type { JobJudge } from './judge';

/** A test file that an earlier job delivered for a target, as the repository holds it now. */
interface DeliveredFile {
  file: string;
  text: string;
  target: Target;
}

/** What a diff job found of the tests Attest delivered earlier for the targets the change touched. */
export interface Drift {
  /** The conflicts of the change, with the delivered tests that now fail attached or added. */
  conflicts: FoundConflict[];
  /** Each delivered test that fails on the changed code, and what becomes of it. */
  tests: ReportDeliveredTest[];
  /** Delivered files the patch must leave as they are: a test of theirs is a conflict. */
  keep: Set<string>;
}

/** A test file's path up to its tier (testStem): `<dir>/<module>.<label>.<tier>.test.ts`. */
const TEST_FILE = /^(.*)\.[\w-]+\.(?:test|spec)\.[cm]?[jt]sx?$/;

/** The title tier 0 gives a stated example's test: where it is stated, the call, the result. */
const EXAMPLE_TITLE = /^(\S+?):(\d+) (.+?) (?:returns|is about|throws) (.+)$/;

/**
 * Drift: a change that makes a test Attest delivered earlier fail. The delivered files of the
 * targets the change touched (in the tests' folder, named after their target as Attest names
 * them) run as they are against the changed code, under names of their own so the new
 * candidates cannot stand in for them. A test that fails on an assertion is a conflict of the
 * change: beside the stated example's conflict when it tests the same statement, else one of
 * its own, with the requirement it cites, the value it states and the value the code now gives.
 * It is never silently regenerated: its file is left as it is in the patch. Only when the docs
 * changed too (the statement it cites is gone) and a new test of the new statement was accepted
 * is the delivered file replaced, and the report says it was updated.
 */
export async function findDrift(
  targets: Target[],
  snapshot: RepoSnapshot,
  understanding: Understanding,
  judge: JobJudge,
  conflicts: FoundConflict[],
  /** The files the new patch writes (by path): a delivered file among them is replaced. */
  delivering: ReadonlySet<string>,
): Promise<Drift> {
  const delivered = await deliveredFiles(targets, snapshot, understanding);
  const drift: Drift = { conflicts: conflicts.map((c) => ({ ...c })), tests: [], keep: new Set() };
  if (delivered.length === 0) return drift;
  const checks: Candidate[] = delivered.map((d) => {
    const file = asEarlier(d.file);
    return {
      id: file,
      targetId: d.target.id,
      origin: 'given',
      round: 0,
      usage: NO_USAGE,
      file,
      deliverAs: file,
      text: d.text,
      // Every id it cites, stated now or not: a citation of a statement the change removed says so.
      tests: citedTests(d.text, file, new Set(d.text.match(/[\w.:#-]+/g) ?? [])),
    };
  });
  const verdicts = await judge.judge(checks);
  const requirements = new Map(understanding.requirements.map((r) => [r.id, r]));
  for (const [i, d] of delivered.entries()) {
    const check = checks[i]!;
    for (const verdict of verdicts.filter((v) => v.candidateId === check.id)) {
      const reason = verdict.reasons.join('\n');
      if (
        verdict.status !== 'rejected' ||
        verdict.gate !== 'pass' ||
        !ASSERTION_FAILED.test(reason)
      )
        continue;
      const cited = check.tests.find((t) => t.name === verdict.name)?.requirementIds ?? [];
      const stated = cited.map((id) => requirements.get(id)).filter((r): r is Requirement => !!r);
      const test = { file: d.file, name: verdict.name };
      if (stated.length === 0 && cited.length > 0 && delivering.has(d.file)) {
        drift.tests.push({
          ...test,
          status: 'updated',
          why: `the statement it cites (${cited.join(', ')}) changed in the same diff, and the test of the new statement replaces it`,
        });
        continue;
      }
      drift.keep.add(d.file);
      const conflict = attach(drift.conflicts, d.target, stated, verdict.name, test);
      if (conflict) {
        drift.tests.push({
          ...test,
          status: 'conflict',
          why: `it fails as ${conflict.requirementId} is contradicted`,
        });
        continue;
      }
      const own = ownConflict(d.target, stated[0] ?? null, cited, test, reason);
      drift.conflicts.push(own);
      drift.tests.push({
        ...test,
        status: 'conflict',
        why: `it states ${own.expected} for ${own.call}; the changed code gives ${own.actual}`,
      });
    }
  }
  return drift;
}

/**
 * The test files an earlier job delivered for these targets: in the target's tests folder,
 * named `<module>.<target>.<tier>` as Attest names them, and still in the repository.
 */
async function deliveredFiles(
  targets: Target[],
  snapshot: RepoSnapshot,
  understanding: Understanding,
): Promise<DeliveredFile[]> {
  const found: DeliveredFile[] = [];
  for (const target of targets) {
    const stem = testStem(target.testDir, target.symbol.file, target.label);
    for (const { file } of understanding.tests) {
      if (TEST_FILE.exec(file)?.[1] !== stem) continue;
      const text = await fs.readFile(path.join(snapshot.root, file), 'utf8').catch(() => null);
      if (text !== null) found.push({ file, text, target });
    }
  }
  return found;
}

/** The delivered file's run under a name of its own, beside it: `x.examples.test.ts` → `x.examples.earlier.test.ts`. */
function asEarlier(file: string): string {
  return file.replace(/((?:\.(?:test|spec))?\.[cm]?[jt]sx?)$/, '.earlier$1');
}

/** The stated example's conflict this failing test is about (same target, cited statement, call); the test is added to it. */
function attach(
  conflicts: FoundConflict[],
  target: Target,
  stated: Requirement[],
  name: string,
  test: { file: string; name: string },
): FoundConflict | null {
  const call = EXAMPLE_TITLE.exec(name)?.[3];
  const conflict = conflicts.find(
    (c) =>
      c.targetId === target.id &&
      stated.some((r) => r.id === c.requirementId) &&
      (call === undefined || flat(c.call) === flat(call)),
  );
  if (!conflict) return null;
  conflict.failingTests = [...(conflict.failingTests ?? []), test];
  return conflict;
}

/** A conflict of the change that only a delivered test shows: what it states, what the code now gives. */
function ownConflict(
  target: Target,
  requirement: Requirement | null,
  cited: string[],
  test: { file: string; name: string },
  reason: string,
): FoundConflict {
  const title = EXAMPLE_TITLE.exec(test.name);
  const expected = /Expected(?: value)?:\s*(.+)/.exec(reason)?.[1]?.trim() ?? title?.[4] ?? '?';
  return {
    requirementId: requirement?.id ?? cited[0] ?? '(none cited)',
    targetId: target.id,
    target: target.label,
    file: requirement?.file ?? title?.[1] ?? test.file,
    line: requirement ? Number(title?.[2] ?? requirement.line) : 0,
    call: title?.[3] ?? test.name,
    expected,
    actual: actualFrom(reason),
    differences: [],
    test,
    echoedBy: [],
    failingTests: [test],
  };
}

const flat = (s: string) => s.replace(/\s+/g, '').replace(/["'`]/g, "'");

/**
 * The test files an earlier job delivered for targets the change removed (or renamed), or whose
 * module it deleted: named after a module the change touched and a target it no longer has, and
 * importing that module.
 * The patch removes them, and the report lists them.
 */
export async function removedTargetsTests(
  changedFiles: readonly string[],
  plan: Plan,
  snapshot: RepoSnapshot,
  understanding: Understanding,
): Promise<ReportDeliveredTest[]> {
  const modules = changedFiles
    .filter((f) => languageOf(f) !== null)
    .map((file) => {
      const dir = plan.testDir === BESIDE_THE_CODE ? path.posix.dirname(file) : plan.testDir;
      const name = path.posix.basename(file).replace(/\.[^.]+$/, '');
      return { file, name, prefix: `${dir}/${name}.` };
    });
  const removed: ReportDeliveredTest[] = [];
  for (const { file: test } of understanding.tests) {
    const stem = TEST_FILE.exec(test)?.[1];
    if (!stem || plan.testStems.has(stem)) continue;
    const module = modules.find((m) => stem.startsWith(m.prefix));
    if (!module) continue;
    const text = await fs.readFile(path.join(snapshot.root, test), 'utf8').catch(() => '');
    if (!importsModule(text, module.name)) continue;
    const label = stem.slice(module.prefix.length);
    removed.push({
      file: test,
      name: '(file)',
      status: 'removed',
      why: understanding.sources.has(module.file)
        ? `its target ${label} is no longer in ${module.file} (the change removed or renamed it)`
        : `its target ${label} was in ${module.file}, which the change deleted`,
    });
  }
  return removed;
}

function importsModule(text: string, module: string): boolean {
  const name = module.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`['"][^'"]*/${name}(?:\\.[cm]?[jt]sx?)?['"]`).test(text);
}
