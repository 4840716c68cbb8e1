import { dialectOf } from '../core/dialects/dialects';
import type { Collaborator, Target } from '../core/target';
import { TEST_RULES } from '../core/test-rules';

/** A test file of the repository's own, shown to the model as the house style. */
export interface StyleExample {
  file: string;
  text: string;
}

/** What the runner said of the previous answer, fed back in a repair round. */
export interface RepairHint {
  code: string;
  reasons: string[];
}

/** A mutant of the target's code that no accepted test kills, as a survivor round names it. */
export interface SurvivorNote {
  id: number;
  line: number;
  /** The line of the code it changes, as written. */
  code: string;
  original: string;
  replacement: string;
  /** The requirement that governs that line, where retrieval finds one. */
  requirementId: string | null;
}

/** What a survivor round tells the model: the mutants left alive and the tests already accepted. */
export interface SurvivorBrief {
  survivors: SurvivorNote[];
  /** The accepted tests of the target so far, as test files: the model must not repeat them. */
  accepted: string[];
}

export interface Prompt {
  system: string;
  user: string;
}

/** The prompt for one target, as DESIGN.md gives it: source, signature, requirements, style and import line. */
export function buildPrompt(
  target: Target,
  style: StyleExample[],
  repair: RepairHint | null,
  survivors: SurvivorBrief | null = null,
): Prompt {
  const requirements = target.requirements.length
    ? target.requirements
        .map(
          ({ requirement: r }) =>
            `[${r.id}] (${r.file}:${r.line}${r.headingPath.length ? `, ${r.headingPath.join(' > ')}` : ''})\n${r.text.trim()}`,
        )
        .join('\n\n')
    : '(none found: test what the signature and the code make plain)';
  const sections = [
    `Target: ${target.label} (${target.symbol.kind}) in ${target.symbol.file}:${target.symbol.line}`,
    `Signature: ${target.symbol.signature}`,
    `Source:\n\`\`\`ts\n${target.source}\n\`\`\``,
    `Requirements that govern it:\n${requirements}`,
    ...style.map(
      (s) => `A test of this repository, for its style (${s.file}):\n\`\`\`ts\n${s.text}\n\`\`\``,
    ),
    ...collaboratorSection(target),
    ...disputeSection(target),
    dialectOf(target.dialect).prompt,
    `The test file must start with this import line:\n${target.importLine.statement}`,
  ];
  if (survivors) sections.push(...survivorSection(survivors));
  if (repair) {
    sections.push(
      `Your previous test file:\n\`\`\`ts\n${repair.code}\n\`\`\``,
      `The independent runner rejected it:\n${repair.reasons.map((r) => `- ${withheld(target, r)}`).join('\n')}\nWrite the file again so that every test is accepted.`,
    );
  }
  return {
    system: `You write unit tests that a deterministic gate will check.\nRules:\n${TEST_RULES.map((r) => `- ${r.rule}`).join('\n')}`,
    user: sections.join('\n\n'),
  };
}

/** Longest accepted test file shown in a survivor prompt, in lines: enough to show what is checked. */
const ACCEPTED_LINES = 60;

/** The survivors, the tests that leave them alive, and the rule that a survivor round's tests must meet. */
function survivorSection({ survivors, accepted }: SurvivorBrief): string[] {
  const mutants = survivors.map(
    (m) =>
      `- mutant ${m.id}, line ${m.line}: \`${m.code}\`\n  changes \`${oneLine(m.original)}\` to \`${oneLine(m.replacement)}\`${m.requirementId ? `\n  governed by [${m.requirementId}]` : ''}`,
  );
  const shown = accepted.map((text) => {
    const lines = text.split('\n');
    const cut = lines.length > ACCEPTED_LINES ? ['// …'] : [];
    return `\`\`\`ts\n${[...lines.slice(0, ACCEPTED_LINES), ...cut].join('\n')}\n\`\`\``;
  });
  return [
    `Surviving mutants: each is a change to the code that no accepted test notices.\n${mutants.join('\n')}`,
    ...(shown.length
      ? [`The accepted tests so far; do not repeat them:\n${shown.join('\n\n')}`]
      : []),
    'Write new tests that fail on the mutated code and pass on the real code, each checking behaviour that the requirements state, and cite the requirements as before. A test that kills none of these mutants by a failed assertion is rejected as redundant.',
  ];
}

/** Code on one line: a survivor's change spans a chain of calls at times. */
function oneLine(code: string): string {
  return code.replace(/\s+/g, ' ');
}

/**
 * For a class, or a method reached through one: what its constructor takes, the declarations
 * of those collaborators' types (cited by file and line), and the type imports a mock may use.
 */
function collaboratorSection(target: Target): string[] {
  const { collaborators, typeImports } = target;
  if (collaborators.length === 0) return [];
  const owner = target.owner?.name ?? target.symbol.name;
  const params = collaborators.map((c) => `- ${c.parameter}${c.type ? `: ${c.type}` : ''}`);
  const seen = new Set<string>();
  const declarations = collaborators
    .flatMap((c: Collaborator) => c.declarations)
    .filter((d) => !seen.has(`${d.file}#${d.name}`) && seen.add(`${d.file}#${d.name}`))
    .map((d) => `(${d.file}:${d.line})\n\`\`\`ts\n${d.text}\n\`\`\``);
  return [
    `${owner}'s constructor takes these collaborators. Mock them, never the target: hand it objects of ${dialectOf(target.dialect).mockFunction} that follow these types, and assert on the calls it makes.\n${params.join('\n')}`,
    ...(declarations.length ? [`Their declarations:\n${declarations.join('\n')}`] : []),
    ...(typeImports.length
      ? [`For the mocks' types, you may import:\n${typeImports.join('\n')}`]
      : []),
  ];
}

/**
 * The target's stated examples that the code contradicts: reported to the team as conflicts.
 * The model is told not to test them, and is never told what the code gives for them.
 */
function disputeSection(target: Target): string[] {
  if (target.disputes.length === 0) return [];
  return [
    `Disputed requirements: the code contradicts these stated examples, and they are reported to the team as conflicts to settle. Do not test these calls, neither with the stated value nor with another:\n${target.disputes
      .map((d) => `- [${d.requirementId}] ${d.call} is stated to give ${d.expected}`)
      .join('\n')}`,
  ];
}

/**
 * For a target with disputed examples, a failure's "Received" value is left out of a repair
 * hint: it would tell the model the code's value, and the model would assert it.
 */
function withheld(target: Target, reason: string): string {
  return target.disputes.length === 0
    ? reason
    : reason.replace(
        /^(\s*Received(?: value)?:).*$/gm,
        '$1 (withheld: this target has a disputed requirement)',
      );
}
