import path from 'node:path';
import type { CodeSymbol } from '../core/code-symbol';
import { dialectOf } from '../core/dialects/dialects';
import type { Requirement } from '../core/requirement';
import type { Collaborator, GoverningRequirement, Target } from '../core/target';
import type { HybridRetriever } from '../index/hybrid-retriever';
import type { Understanding } from '../understand/understand-repo';
import { groundExamples } from './ground-examples';
import { importLineFor, isCommonJs, typeImportLine } from './import-line';
import { selectTargets, type Reachable } from './select-targets';
import { BESIDE_THE_CODE, testFolderFor, testSuffixFor } from './test-folder';

export interface PlanOptions {
  /** Include and exclude globs or names (see selectTargets). */
  targets?: string[];
  /** Retrieved requirements are cut to about this many tokens per target. */
  requirementTokens?: number;
  /** Overrides the folder that follows the repository's convention. */
  testDir?: string;
  /** The workspace package the job targets, whose test folder the tests follow. */
  scope?: string;
  /** A diff job's targets: only these symbols (by id), of those the globs select. */
  only?: ReadonlySet<string>;
}

/** How many requirements the index is asked for; the token budget cuts them further. */
const RETRIEVE_K = 12;
/** A requirement below this share of the best fused score is noise, not grounding. */
const MIN_RELATIVE_SCORE = 0.5;

/** The plan of a job: where its tests go, and its targets. */
export interface Plan {
  testDir: string;
  targets: Target[];
  /** The targets the globs select before a diff job's `only`: what a full job would plan. */
  selectable: number;
  /** The test-file stem (testStem) of each of those targets: a delivered file with another names none. */
  testStems: Set<string>;
}

/** Plan: the targets, each with the requirements that govern it, its examples and its import line. */
export async function planTargets(
  understanding: Understanding,
  retriever: HybridRetriever,
  options: PlanOptions = {},
): Promise<Plan> {
  const folder =
    options.testDir !== undefined
      ? options.testDir
      : testFolderFor(understanding.tests, options.scope);
  const budget = options.requirementTokens ?? 1500;
  const byId = new Map(understanding.requirements.map((r) => [r.id, r]));
  const targets: Target[] = [];
  const selectable = selectTargets(understanding.symbols, options.targets);
  const only = options.only;
  for (const reachable of only ? selectable.filter((r) => only.has(r.symbol.id)) : selectable) {
    const retrieved = await retriever.search(queryFor(reachable), RETRIEVE_K, 'requirement');
    const governing = governingRequirements(reachable, understanding.requirements, retrieved, byId);
    targets.push(
      buildTarget(
        reachable,
        understanding,
        cutToTokens(governing, budget),
        // Beside the code: each test goes in the folder of the code it tests.
        folder ?? path.posix.dirname(reachable.symbol.file),
        retriever,
      ),
    );
  }
  return {
    testDir: folder ?? BESIDE_THE_CODE,
    targets,
    selectable: selectable.length,
    testStems: new Set(
      selectable.map((r) =>
        testStem(folder ?? path.posix.dirname(r.symbol.file), r.symbol.file, r.label),
      ),
    ),
  };
}

function queryFor({ symbol, label }: Reachable): string {
  return [label, symbol.signature, symbol.jsdoc?.summary ?? ''].join('\n');
}

/** Direct grounding first (examples that call the target, its own JSDoc), then what the index ranked. */
function governingRequirements(
  { symbol }: Reachable,
  requirements: Requirement[],
  retrieved: { id: string; score: number }[],
  byId: Map<string, Requirement>,
): GoverningRequirement[] {
  const out = new Map<string, GoverningRequirement>();
  for (const requirement of requirements) {
    if (requirement.examples.some((e) => e.symbolId === symbol.id))
      out.set(requirement.id, { requirement, reason: 'example', score: 1 });
  }
  for (const requirement of requirements) {
    if (requirement.symbolId === symbol.id && !out.has(requirement.id))
      out.set(requirement.id, { requirement, reason: 'doc', score: 1 });
  }
  const best = retrieved[0]?.score ?? 0;
  for (const hit of retrieved) {
    const requirement = byId.get(hit.id);
    if (!requirement || out.has(hit.id) || hit.score < best * MIN_RELATIVE_SCORE) continue;
    // Another symbol's own JSDoc governs that symbol, not this one.
    if (requirement.symbolId && requirement.symbolId !== symbol.id) continue;
    out.set(hit.id, { requirement, reason: 'retrieved', score: hit.score });
  }
  return [...out.values()];
}

/** Keeps the direct grounding whole, and as many retrieved passages as fit in `tokens` (about 4 characters a token). */
function cutToTokens(governing: GoverningRequirement[], tokens: number): GoverningRequirement[] {
  let left = tokens * 4;
  return governing.filter((g) => {
    const size = g.requirement.text.length;
    if (g.reason !== 'retrieved') {
      left -= size;
      return true;
    }
    if (size > left) return false;
    left -= size;
    return true;
  });
}

function buildTarget(
  reachable: Reachable,
  understanding: Understanding,
  requirements: GoverningRequirement[],
  testDir: string,
  retriever: HybridRetriever,
): Target {
  const { symbol, owner, label } = reachable;
  const probe = `${testDir}/x.test.ts`;
  const { examples, skipped } = groundExamples(symbol, requirements);
  const lines = (understanding.sources.get(symbol.file) ?? '').split('\n');
  const collaborators = collaboratorsOf(reachable, retriever);
  return {
    id: symbol.id,
    label,
    symbol,
    owner,
    source: lines.slice(symbol.line - 1, symbol.endLine).join('\n'),
    requirements,
    examples,
    skippedExamples: skipped,
    testDir,
    testExtension: `.${testSuffixFor(understanding.tests)}${/\.[cm]?tsx?$/.test(symbol.file) ? '.ts' : '.js'}`,
    importLine: importLineFor(
      symbol,
      owner,
      probe,
      understanding.entry,
      // These dialects' files reach a CommonJS module by require (see Dialect.requiresCommonJs).
      dialectOf(understanding.dialect).requiresCommonJs &&
        isCommonJs(symbol.file, understanding.sources.get((owner ?? symbol).file) ?? ''),
    ),
    codeLines: codeLinesOf(symbol, understanding.symbols),
    collaborators,
    typeImports: typeImportsFor(collaborators, understanding, probe),
    disputes: [],
    dialect: understanding.dialect,
  };
}

/** Names a type annotation uses that are not the language's own: `Promise<Store | null>` → Store. */
const BUILT_IN_TYPES = new Set([
  'string',
  'number',
  'boolean',
  'bigint',
  'symbol',
  'object',
  'unknown',
  'any',
  'void',
  'never',
  'undefined',
  'null',
  'true',
  'false',
  'Promise',
  'Array',
  'ReadonlyArray',
  'Record',
  'Partial',
  'Readonly',
  'Required',
  'Pick',
  'Omit',
  'Map',
  'Set',
  'Date',
  'RegExp',
  'Error',
  'Function',
  'ReturnType',
  'Parameters',
  'typeof',
  'keyof',
  'readonly',
]);

function typeNames(type: string): string[] {
  return [...new Set(type.match(/[A-Za-z_$][\w$]*/g) ?? [])].filter((n) => !BUILT_IN_TYPES.has(n));
}

/**
 * For a class, or a method reached through one: the constructor's parameters, each with the
 * declarations of the types it names, found in the index by name (the class's module first).
 */
function collaboratorsOf({ symbol, owner }: Reachable, retriever: HybridRetriever): Collaborator[] {
  const cls = symbol.kind === 'class' ? symbol : owner;
  if (!cls) return [];
  const declare = (name: string, near: string) => {
    const found = retriever.declarationsOf(name, near)[0];
    return found ? [{ name, file: found.file, line: found.line, text: found.text }] : [];
  };
  return cls.params.map((p) => {
    const direct = typeNames(p.type ?? '').flatMap((name) => declare(name, cls.file));
    // One level further: the types a collaborator's methods take and return (a store's record).
    const named = new Set(direct.map((d) => d.name));
    const nested = direct.flatMap((d) =>
      typeNames(d.text.slice(d.text.indexOf(d.name) + d.name.length))
        .filter((name) => /^[A-Z]/.test(name) && !named.has(name) && named.add(name))
        .flatMap((name) => declare(name, d.file)),
    );
    return { parameter: p.name, type: p.type, declarations: [...direct, ...nested] };
  });
}

/** The type imports a test needs to annotate mocks of the collaborators: exported types only. */
function typeImportsFor(
  collaborators: Collaborator[],
  understanding: Understanding,
  testFile: string,
): string[] {
  const byFile = new Map<string, string[]>();
  for (const { declarations } of collaborators)
    for (const d of declarations) {
      const exported =
        understanding.declarations.some(
          (t) => t.file === d.file && t.name === d.name && t.exported,
        ) ||
        understanding.symbols.some(
          (s) => s.file === d.file && s.name === d.name && s.exported === 'named',
        );
      if (exported) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d.name]);
    }
  return [...byFile].map(([file, names]) => typeImportLine(names, file, testFile));
}

/**
 * A target's lines, and those of its module's functions that are not exported and lie outside
 * every exported symbol: only the exports can reach them, so the target's tests check them.
 */
export function codeLinesOf(symbol: CodeSymbol, symbols: CodeSymbol[]): Target['codeLines'] {
  const sameFile = symbols.filter((s) => s.file === symbol.file);
  const exported = sameFile.filter((s) => s.exported !== 'none');
  const helpers = sameFile.filter(
    (s) =>
      s.kind === 'function' &&
      s.exported === 'none' &&
      !exported.some((e) => e.line <= s.line && s.endLine <= e.endLine),
  );
  return [symbol, ...helpers].map((s) => ({ line: s.line, endLine: s.endLine }));
}

/** The file a tier's tests for a target go to: one file per target per tier. */
export function testFileFor(target: Target, tier: string): string {
  return `${testStem(target.testDir, target.symbol.file, target.label)}.${tier}${target.testExtension}`;
}

/** A target's test files' path up to the tier: `<testDir>/<module>.<label>`. */
export function testStem(testDir: string, codeFile: string, label: string): string {
  const module = path.posix.basename(codeFile).replace(/\.[^.]+$/, '');
  return `${testDir}/${module}.${label.replace(/[^\w.-]/g, '_')}`;
}
