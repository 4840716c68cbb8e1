import path from 'node:path';
import type Parser from 'tree-sitter';
import { MOCK_NAMESPACES } from '../../core/dialects/dialects';
import type { IsRepoModule, RepoBindings } from './repo-bindings';

type Node = Parser.SyntaxNode;

/** `jest` or `vi`: the namespaces of the dialects' mocking APIs, as a pattern's alternatives. */
const MOCKERS = MOCK_NAMESPACES.join('|');
const MODULE_MOCK = new RegExp(`^(${MOCKERS})\\.(mock|doMock)$`);
const SPY_ON = new RegExp(`^(${MOCKERS})\\.spyOn$`);
const MOCK_FUNCTION = new RegExp(`^(${MOCKERS})\\.fn\\(`);

const MOCK_RETURNS =
  /^(mockImplementation|mockImplementationOnce|mockReturnValue|mockReturnValueOnce|mockResolvedValue|mockResolvedValueOnce|mockRejectedValue|mockRejectedValueOnce)$/;

/** The code a candidate claims to test, read from its target's id (`file#Name`, `file#Class.method`). */
export interface TargetRef {
  /** Relative to the repository root, without its extension. */
  module: string;
  /** The class of a method or a class target; null for a function. */
  owner: string | null;
  /** The function's, method's or class's own name. */
  name: string;
}

export function targetRef(id: string | null): TargetRef | null {
  const at = id?.lastIndexOf('#') ?? -1;
  if (!id || at < 0) return null;
  const parts = id.slice(at + 1).split('.');
  const name = parts.pop() ?? '';
  return { module: withoutExtension(id.slice(0, at)), owner: parts.pop() ?? null, name };
}

function withoutExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
}

/** The repository modules a test file replaces with `jest.mock` or `vi.mock`. */
export function mockedRepoModules(root: Node, isRepoModule: IsRepoModule): Set<string> {
  const mocked = new Set<string>();
  for (const call of root.descendantsOfType('call_expression')) {
    const fn = call.childForFieldName('function')?.text ?? '';
    if (!MODULE_MOCK.test(fn)) continue;
    const arg = call.childForFieldName('arguments')?.namedChildren[0];
    const specifier = arg?.type === 'string' ? arg.text.slice(1, -1) : null;
    if (specifier && isRepoModule(specifier)) mocked.add(specifier);
  }
  return mocked;
}

/** Where a test stands: its file, the names it imports from the repository, and its target if known. */
export interface TestSetting {
  file: string;
  repo: RepoBindings;
  mockedModules: Set<string>;
  target: TargetRef | null;
}

/**
 * A test that mocks or spies on the code it claims to test checks the mock, not the code: its
 * module, its method, its prototype, or a function whose mocked result it then asserts on.
 * Mocks and spies of collaborators (objects the test builds and hands to the code) are allowed;
 * whether the assertions on them depend on the code is for the mutation gate to find out.
 */
export function selfMock(body: Node, expects: Node[], setting: TestSetting): string | null {
  const { file, repo, mockedModules, target } = setting;
  for (const specifier of mockedModules) {
    const module = withoutExtension(path.posix.join(path.posix.dirname(file), specifier));
    if (target && module === target.module)
      return `it mocks ${specifier}, the module of ${target.name}, which it claims to test: it tests the mock.`;
  }
  const called = calledRepoNames(body, repo);
  if (called.length > 0 && called.every((name) => mockedModules.has(repo.names.get(name)!))) {
    const name = called[0]!;
    return `it mocks ${repo.names.get(name)}, the module of ${name}, which it calls: it tests the mock.`;
  }
  const subjects = expects.flatMap((e) => {
    const subject = e.childForFieldName('arguments')?.namedChildren[0];
    return subject ? [subject] : [];
  });
  for (const replaced of replacedMembers(body)) {
    if (target && isTarget(replaced, target))
      return `it ${replaced.how} ${replaced.text}, the code it claims to test: it tests the mock.`;
    if (replaced.mocked && subjects.some((s) => callsMember(s, replaced.name)))
      return `it replaces ${replaced.text} with a mock and then asserts on what it returns: it tests the mock.`;
  }
  return null;
}

interface ReplacedMember {
  /** The object's text: `service`, `Service.prototype`. */
  object: string;
  name: string;
  text: string;
  how: 'spies on' | 'replaces';
  /** Its behaviour is replaced (a mocked return or implementation), not only observed. */
  mocked: boolean;
}

/** `jest.spyOn(obj, 'name')` and `obj.name = jest.fn(…)` in a test. */
function replacedMembers(body: Node): ReplacedMember[] {
  const members: ReplacedMember[] = [];
  for (const call of body.descendantsOfType('call_expression')) {
    if (!SPY_ON.test(call.childForFieldName('function')?.text ?? '')) continue;
    const [object, name] = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (!object || name?.type !== 'string') continue;
    const member = name.text.slice(1, -1);
    members.push({
      object: object.text,
      name: member,
      text: `${object.text}.${member}`,
      how: 'spies on',
      mocked: mockReturns(call),
    });
  }
  for (const assignment of body.descendantsOfType('assignment_expression')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right')?.text ?? '';
    if (left?.type !== 'member_expression' || !MOCK_FUNCTION.test(right)) continue;
    members.push({
      object: left.childForFieldName('object')?.text ?? '',
      name: left.childForFieldName('property')?.text ?? '',
      text: left.text,
      how: 'replaces',
      mocked: true,
    });
  }
  return members;
}

function isTarget(member: ReplacedMember, target: TargetRef): boolean {
  const owner = target.owner ?? target.name;
  return (
    member.name === target.name || member.object === owner || member.object === `${owner}.prototype`
  );
}

/** `subject` calls a member of this name: `math.add(1, 2)`, `add(1)`. */
function callsMember(subject: Node, name: string): boolean {
  const calls = subject.type === 'call_expression' ? [subject] : [];
  return [...calls, ...subject.descendantsOfType('call_expression')].some((call) => {
    const fn = call.childForFieldName('function');
    const called = fn?.type === 'member_expression' ? fn.childForFieldName('property') : fn;
    return called?.text === name;
  });
}

/** The repository's names that the test calls or constructs. */
function calledRepoNames(body: Node, repo: RepoBindings): string[] {
  const names = new Set<string>();
  for (const call of body.descendantsOfType(['call_expression', 'new_expression'])) {
    const fn = call.childForFieldName(call.type === 'call_expression' ? 'function' : 'constructor');
    const root = fn ? rootName(fn) : null;
    if (root && repo.names.has(root)) names.add(root);
  }
  return [...names];
}

/** `a.b.c` → `a`. */
function rootName(node: Node): string | null {
  let current: Node | null = node;
  while (current?.type === 'member_expression') current = current.childForFieldName('object');
  return current?.type === 'identifier' ? current.text : null;
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
