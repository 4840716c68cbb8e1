import type Parser from 'tree-sitter';
import type { IsRepoModule, RepoBindings } from './repo-bindings';

type Node = Parser.SyntaxNode;

const MOCK_RETURNS =
  /^(mockImplementation|mockImplementationOnce|mockReturnValue|mockReturnValueOnce|mockResolvedValue|mockResolvedValueOnce|mockRejectedValue|mockRejectedValueOnce)$/;
export function mockedRepoModules(root: Node, isRepoModule: IsRepoModule): Set<string> {
  const mocked = new Set<string>();
  for (const call of root.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function')?.text ?? '';
    if (!/^(jest|vi)\.(mock|doMock)$/.test(fn)) continue;
    const arg = call.childForFieldName('arguments')?.namedChildren[0];
    const specifier = arg?.type === 'string' ? arg.text.slice(1, -1) : null;
    if (specifier && isRepoModule(specifier)) mocked.add(specifier);
  }
  return mocked;
}

/** A test that replaces the very function its assertions call tests the mock, not the code. */
export function selfMock(
  body: Node,
  expects: Node[],
  repo: RepoBindings,
  mockedModules: Set<string>,
): string | null {
  const asserted = new Set(
    expects.flatMap((e) =>
      (
        e
          .childForFieldName('arguments')
          ?.namedChildren[0]?.descendantsOfType(['identifier', 'property_identifier']) ?? []
      ).map((i) => i.text),
    ),
  );
  for (const name of asserted) {
    const from = repo.names.get(name);
    if (from && mockedModules.has(from))
      return `it mocks ${from}, the module of ${name}, which its assertions call: it tests the mock.`;
  }
  for (const call of body.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function');
    const spied = spiedName(fn);
    if (spied && asserted.has(spied) && mockReturns(call))
      return `it replaces ${spied} with a mock and then asserts on it: it tests the mock.`;
  }
  for (const assignment of body.descendantsOfType('assignment_expression')) {
    const left = assignment.childForFieldName('left')?.text ?? '';
    const right = assignment.childForFieldName('right')?.text ?? '';
    const member = left.split('.').pop() ?? '';
    if (/^(jest|vi)\.fn\(/.test(right) && asserted.has(member))
      return `it replaces ${left} with a mock and then asserts on it: it tests the mock.`;
  }
  return null;
}

/** `jest.spyOn(obj, 'name')` → 'name'. */
function spiedName(fn: Node | null): string | null {
  if (!fn || !/^(jest|vi)\.spyOn$/.test(fn.text)) return null;
  const arg = fn.parent?.childForFieldName('arguments')?.namedChildren[1];
  return arg?.type === 'string' ? arg.text.slice(1, -1) : null;
}

/** True when a spy's call is chained into a mocked implementation or return value. */
function mockReturns(spyCall: Node): boolean {
  for (let current: Node | null = spyCall.parent; current; current = current.parent) {
    if (
      current.type === 'member_expression' &&
      MOCK_RETURNS.test(current.childForFieldName('property')?.text ?? '')
    )
      return true;
    if (current.type !== 'member_expression' && current.type !== 'call_expression') return false;
  }
  return false;
}
