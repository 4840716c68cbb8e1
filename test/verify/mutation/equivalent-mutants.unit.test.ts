import type Parser from 'tree-sitter';
import { SourceParser } from '../../../src/understand/source-parser';
import { equivalentRegex, equivalentSwap } from '../../../src/verify/mutation/equivalent-mutants';

const parser = new SourceParser();

/** The first node of `type` in the parsed code, depth first. */
function first(code: string, type: string): Parser.SyntaxNode {
  const found = parser.parse(code, 'typescript').rootNode.descendantsOfType(type)[0];
  if (!found) throw new Error(`no ${type} in ${code}`);
  return found;
}

describe(equivalentSwap.name, () => {
  it.each([
    ['a > b ? a : b', '>', '>=', 'edge-gives-same-branch'],
    ['(value < min) ? min : value', '<', '<=', 'edge-gives-same-branch'],
    ['a.x >= b ? b : a.x', '>=', '>', 'edge-gives-same-branch'],
    ['for (let i = 0; i < 10; i += 3) { total += i; }', '<', '<=', 'loop-never-reaches-edge'],
    ['for (let i = 10; i > 1; i -= 2) {}', '>', '>=', 'loop-never-reaches-edge'],
  ])('finds %s, swapped %s to %s, equivalent (%s)', (code, operator, swap, rule) => {
    expect(equivalentSwap(first(code, 'binary_expression'), operator, swap)).toBe(rule);
  });

  it.each([
    ['a > b ? a : 0', '>', '>=', 'the branches differ when a is b'],
    ['a > b ? a : b', '>', '<', 'not a boundary swap'],
    ['f() > b ? f() : b', '>', '>=', 'a call may give another value each time'],
    ['for (let i = 0; i < 9; i += 3) {}', '<', '<=', 'the counter reaches the bound'],
    ['for (let i = 0; i < 10; i += 3) { i++; }', '<', '<=', 'the body moves the counter'],
    ['for (let i = 0.5; i < 10; i += 3) {}', '<', '<=', 'a fractional counter'],
    ['while (i < 10) { i += 3; }', '<', '<=', 'not a for loop'],
  ])('leaves %s, swapped %s to %s, a real mutant (%s)', (code, operator, swap) => {
    expect(equivalentSwap(first(code, 'binary_expression'), operator, swap)).toBeNull();
  });
});

describe(equivalentRegex.name, () => {
  it.each([
    ['text.split(/\\s+/).filter(Boolean)', '\\s+', '\\s'],
    ['name.split(/[_-]+/).filter(Boolean)', '[_-]+', '[_-]'],
  ])('finds %s without its + equivalent', (code, pattern, mutated) => {
    expect(equivalentRegex(first(code, 'regex'), pattern, mutated)).toEqual({
      equivalent: 'split-runs-filtered',
    });
  });

  it.each([
    ['text.split(/\\s+/)', '\\s+', '\\s', 'the empty strings are kept'],
    ['text.split(/\\s+/).filter((p) => p.length > 1)', '\\s+', '\\s', 'another filter'],
    ['text.split(/ab+/).filter(Boolean)', 'ab+', 'ab', 'the separator is more than one character'],
    ['text.match(/\\s+/)', '\\s+', '\\s', 'not a split'],
    ['text.split(/\\s+/).filter(Boolean)', '\\s+', '\\S+', 'not the + taken off'],
  ])('leaves %s, /%s/ to /%s/, a real mutant (%s)', (code, pattern, mutated) => {
    expect(equivalentRegex(first(code, 'regex'), pattern, mutated)).toEqual({});
  });
});
