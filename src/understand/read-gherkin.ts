import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator, type Scenario } from '@cucumber/messages';
import { InvalidRepoError } from '../core/attest-error';
import type { Requirement } from '../core/requirement';
import type { RequirementIdAllocator } from './requirement-id';
import { writtenId } from './requirement-id';

/** Reads each scenario of a Gherkin .feature file as a requirement, with its Examples tables. */
export function readGherkin(
  file: string,
  text: string,
  ids: RequirementIdAllocator,
): Requirement[] {
  const parser = new Parser(
    new AstBuilder(IdGenerator.incrementing()),
    new GherkinClassicTokenMatcher(),
  );
  let document;
  try {
    document = parser.parse(text);
  } catch (error) {
    throw new InvalidRepoError(
      `${file} is not valid Gherkin: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const feature = document.feature;
  if (!feature) return [];
  const out: Requirement[] = [];
  const visit = (children: typeof feature.children, path: string[]) => {
    for (const child of children) {
      if (child.scenario) out.push(scenarioRequirement(file, child.scenario, path, ids));
      if (child.rule) visit(child.rule.children, [...path, child.rule.name]);
    }
  };
  visit(feature.children, [feature.name]);
  return out;
}

function scenarioRequirement(
  file: string,
  scenario: Scenario,
  path: string[],
  ids: RequirementIdAllocator,
): Requirement {
  const tables = scenario.examples.map((examples) => ({
    header: examples.tableHeader?.cells.map((c) => c.value) ?? [],
    rows: examples.tableBody.map((row) => row.cells.map((c) => c.value)),
  }));
  const lines = [
    `${scenario.keyword}: ${scenario.name}`,
    ...(scenario.description.trim() ? [scenario.description.trim()] : []),
    ...scenario.steps.map((step) => `${step.keyword.trim()} ${step.text}`),
    ...tables.flatMap((t) => [
      'Examples:',
      `| ${t.header.join(' | ')} |`,
      ...t.rows.map((r) => `| ${r.join(' | ')} |`),
    ]),
  ];
  const lastStep = scenario.steps[scenario.steps.length - 1];
  const lastRow = scenario.examples.flatMap((e) => e.tableBody).pop();
  const endLine = lastRow?.location.line ?? lastStep?.location.line ?? scenario.location.line;
  const tagId = scenario.tags
    .map((t) => t.name.replace(/^@/, ''))
    .find((t) => writtenId(t, '') === t);
  const text = lines.join('\n');
  return {
    id: ids.allocate(
      'gherkin',
      tagId ?? writtenId(scenario.name, ''),
      `${file}\n${path.join(' > ')}\n${scenario.name}`,
      text,
    ),
    source: 'gherkin',
    file,
    line: scenario.location.line,
    endLine,
    headingPath: [...path, scenario.name],
    text,
    examples: [],
    symbolId: null,
    tables,
  };
}
